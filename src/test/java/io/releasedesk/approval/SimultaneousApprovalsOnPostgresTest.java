package io.releasedesk.approval;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same races, with the engine on a real PostgreSQL 17, whose row locks make the loser wait for the winner. */
@Import(EmbeddedPostgresConfiguration.class)
class SimultaneousApprovalsOnPostgresTest extends SimultaneousApprovalsTest {}
