package io.releasedesk.evidence;

import io.releasedesk.improvement.ActionItems;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.Releases;
import io.releasedesk.timeline.ReleaseTimeline;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Each ended release's evidence pack, in Release Desk's table {@code rd_evidence_pack} (db/changelog/evidence.yaml):
 * written once, as the release ends, from its status, timeline, notes and action items; read as stored ever after.
 * The JdbcTemplate works on the connection of the engine's transaction, so the pack is stored exactly when the
 * release's end is.
 */
@Service
public class EvidencePacks {

  /** A stored pack: the Markdown document and when it was frozen. */
  public record Pack(String releaseKey, String outcome, Instant frozenAt, String document) {}

  private final JdbcTemplate jdbc;
  private final ReleaseTimeline timeline;
  private final Releases releases;
  private final ActionItems actionItems;
  private final ProcessEngineConfigurationImpl engine;

  public EvidencePacks(
      JdbcTemplate jdbc,
      ReleaseTimeline timeline,
      Releases releases,
      HistoryService history,
      ProcessEngineConfigurationImpl engine) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.releases = releases;
    this.actionItems = new ActionItems(history);
    this.engine = engine;
  }

  /**
   * Writes the pack of the release with this process instance id, which has just ended, from its history as it stands
   * now; a pack already written stays as it is. Reads the history with the engine's checks off: the pack is the
   * release's, not its reader's.
   */
  public void freeze(String processInstanceId) {
    if (of(processInstanceId).isPresent()) {
      return;
    }
    Instant frozenAt = ClockUtil.getCurrentTime().toInstant();
    Pack pack =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.runWithoutAuthorization(
                        () -> {
                          Releases.Status status = releases.statusOfInstance(processInstanceId);
                          String document =
                              EvidenceDocument.write(
                                  status,
                                  timeline.entriesOf(processInstanceId),
                                  notes(processInstanceId),
                                  actionItems.ofRelease(status.releaseKey()),
                                  frozenAt);
                          return new Pack(
                              status.releaseKey(), status.outcome(), frozenAt, document);
                        }));
    jdbc.update(
        "insert into rd_evidence_pack (process_instance_id, release_key, outcome, frozen_at,"
            + " document) values (?, ?, ?, ?, ?)",
        processInstanceId,
        pack.releaseKey(),
        pack.outcome(),
        Timestamp.from(pack.frozenAt()),
        pack.document());
  }

  /** The stored pack of the release with this process instance id, if it has ended since packs are kept. */
  public Optional<Pack> of(String processInstanceId) {
    return jdbc
        .query(
            "select release_key, outcome, frozen_at, document from rd_evidence_pack"
                + " where process_instance_id = ?",
            (row, number) ->
                new Pack(
                    row.getString("release_key"),
                    row.getString("outcome"),
                    row.getTimestamp("frozen_at").toInstant(),
                    row.getString("document")),
            processInstanceId)
        .stream()
        .findFirst();
  }

  private String notes(String processInstanceId) {
    try {
      return releases.notesOfInstance(processInstanceId);
    } catch (ReleaseNotFoundException e) {
      // ended before a candidate passed QA: no notes to keep
      return null;
    }
  }
}
