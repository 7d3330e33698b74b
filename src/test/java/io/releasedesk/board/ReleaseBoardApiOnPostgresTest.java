package io.releasedesk.board;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same board, filtered, ordered and paged by a real PostgreSQL 17. */
@Import(EmbeddedPostgresConfiguration.class)
class ReleaseBoardApiOnPostgresTest extends ReleaseBoardApiTest {}
