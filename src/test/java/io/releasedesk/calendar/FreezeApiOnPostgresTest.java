package io.releasedesk.calendar;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same freeze windows, in Release Desk's tables on a real PostgreSQL 17. */
@Import(EmbeddedPostgresConfiguration.class)
class FreezeApiOnPostgresTest extends FreezeApiTest {}
