package io.releasedesk.board;

import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;

import io.releasedesk.release.ReleaseProcess;
import io.releasedesk.release.Releases;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Which releases a board page lists, for a caller who may read every release: the filters, the order and the page as
 * one query of the engine's history tables (a release's start, end and key, and its service and target date as its
 * history keeps them), and one count. The database does the work, so a page costs the same with a hundred releases or
 * ten thousand. The engine's own queries cannot order instances by a variable's value, nor filter by a variable and a
 * current activity in one go; the tables and columns read here are those the engine's own queries read.
 */
@Repository
class BoardQuery {

  /** What a board is filtered by; a null filter lets every release through. */
  record Filters(
      String service,
      Set<String> phaseActivities,
      Set<String> laterPhasesActivities,
      String outcome,
      Date finishedSince) {}

  /** One page of matching releases' process instance ids, in the board's order, and how many match in all. */
  record Result(long total, List<String> processInstanceIds) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final ProcessEngineConfigurationImpl engine;

  BoardQuery(NamedParameterJdbcTemplate jdbc, ProcessEngineConfigurationImpl engine) {
    this.jdbc = jdbc;
    this.engine = engine;
  }

  Result page(Filters filters, int firstResult, int maxResults) {
    var parameters = new MapSqlParameterSource();
    String from = fromWhere(filters, parameters);
    long total = jdbc.queryForObject("select count(*) " + from, parameters, Long.class);
    parameters.addValue("firstResult", firstResult).addValue("maxResults", maxResults);
    List<String> ids =
        jdbc.queryForList(
            "select pi.PROC_INST_ID_ "
                + from
                // releases without a target date last; then by key, and of one key's releases the
                // older first
                + " order by case when target.TEXT_ is null then 1 else 0 end, target.TEXT_,"
                + " pi.BUSINESS_KEY_, pi.START_TIME_, pi.PROC_INST_ID_"
                + " offset :firstResult rows fetch next :maxResults rows only",
            parameters,
            String.class);
    return new Result(total, ids);
  }

  /**
   * The activities each of these running releases is at, as the engine's query by activity reads its executions;
   * releases at none (ended meanwhile) are missing.
   */
  Map<String, Set<String>> currentActivities(Collection<String> processInstanceIds) {
    var activities = new HashMap<String, Set<String>>();
    if (processInstanceIds.isEmpty()) {
      return activities;
    }
    jdbc.query(
        "select step.PROC_INST_ID_, step.ACT_ID_ from "
            + engine.getDatabaseTablePrefix()
            + "ACT_RU_EXECUTION step where step.PROC_INST_ID_ in (:releases)"
            + " and step.IS_EVENT_SCOPE_ = false and step.ACT_ID_ is not null",
        Map.of("releases", processInstanceIds),
        (RowCallbackHandler)
            row ->
                activities
                    .computeIfAbsent(row.getString(1), release -> new LinkedHashSet<>())
                    .add(row.getString(2)));
    return activities;
  }

  private String fromWhere(Filters filters, MapSqlParameterSource parameters) {
    String prefix = engine.getDatabaseTablePrefix();
    parameters
        .addValue("model", ReleaseProcess.KEY)
        .addValue("since", filters.finishedSince())
        .addValue("serviceName", SERVICE.getName())
        .addValue("targetDateName", TARGET_DATE.getName());
    var sql = new StringBuilder();
    sql.append(" from ").append(prefix).append("ACT_HI_PROCINST pi");
    sql.append(variable(prefix, "serviceVariable", "serviceName"));
    sql.append(variable(prefix, "target", "targetDateName"));
    sql.append(" where pi.PROC_DEF_KEY_ = :model");
    sql.append(" and (pi.END_TIME_ is null or pi.END_TIME_ >= :since)");
    if (filters.service() != null) {
      sql.append(" and serviceVariable.TEXT_ = :serviceFilter");
      parameters.addValue("serviceFilter", filters.service());
    }
    if (filters.outcome() != null) {
      if (filters.outcome().equals(Releases.IN_PROGRESS)) {
        sql.append(" and pi.END_TIME_ is null");
      } else {
        sql.append(" and pi.END_TIME_ is not null and pi.END_ACT_ID_ in (:ends)");
        parameters.addValue("ends", Releases.END_EVENTS.get(filters.outcome()));
      }
    }
    if (filters.phaseActivities() != null) {
      // as the engine's query by activity reads executions: a step of the phase under way, none of
      // a later phase
      sql.append(" and pi.END_TIME_ is null");
      sql.append(" and exists (").append(execution(prefix)).append(" (:phaseActivities))");
      parameters.addValue("phaseActivities", nonEmpty(filters.phaseActivities()));
      if (!filters.laterPhasesActivities().isEmpty()) {
        sql.append(" and not exists (").append(execution(prefix)).append(" (:laterActivities))");
        parameters.addValue("laterActivities", new ArrayList<>(filters.laterPhasesActivities()));
      }
    }
    return sql.toString();
  }

  /** A release's variable of this name, as its history keeps it: set on the release itself, not removed. */
  private static String variable(String prefix, String alias, String nameParameter) {
    return " left join "
        + prefix
        + "ACT_HI_VARINST "
        + alias
        + " on "
        + alias
        + ".PROC_INST_ID_ = pi.PROC_INST_ID_ and "
        + alias
        + ".NAME_ = :"
        + nameParameter
        + " and "
        + alias
        + ".EXECUTION_ID_ = pi.PROC_INST_ID_ and ("
        + alias
        + ".STATE_ is null or "
        + alias
        + ".STATE_ <> 'DELETED')";
  }

  private static String execution(String prefix) {
    return "select 1 from "
        + prefix
        + "ACT_RU_EXECUTION step where step.PROC_INST_ID_ = pi.PROC_INST_ID_"
        + " and step.IS_EVENT_SCOPE_ = false and step.ACT_ID_ in";
  }

  /** A phase without steps matches no release: an IN list needs one value, and none is an activity's id. */
  private static List<String> nonEmpty(Set<String> activities) {
    return activities.isEmpty() ? List.of("") : new ArrayList<>(activities);
  }
}
