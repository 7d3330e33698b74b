package io.releasedesk.security;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same races, with the engine's tables on a real PostgreSQL 17. */
@Import(EmbeddedPostgresConfiguration.class)
class GrantsCreatedAtOnceOnPostgresTest extends GrantsCreatedAtOnceTest {}
