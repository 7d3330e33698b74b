package io.releasedesk.release;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same releases through the REST API, with the engine on a real PostgreSQL 17. */
@Import(EmbeddedPostgresConfiguration.class)
class ReleaseThroughRestApiOnPostgresTest extends ReleaseThroughRestApiTest {}
