package io.releasedesk.release;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same races and ends, with the engine and Release Desk's table on a real PostgreSQL 17. */
@Import(EmbeddedPostgresConfiguration.class)
class OneRunningReleasePerKeyOnPostgresTest extends OneRunningReleasePerKeyTest {}
