package io.releasedesk.evidence;

import io.releasedesk.support.EmbeddedPostgresConfiguration;
import org.springframework.context.annotation.Import;

/** The same evidence packs, frozen and read with the engine and Release Desk's tables on a real PostgreSQL 17. */
@Import(EmbeddedPostgresConfiguration.class)
class EvidencePackApiOnPostgresTest extends EvidencePackApiTest {}
