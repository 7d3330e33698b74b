package io.releasedesk.qa;

import io.releasedesk.qa.JUnitReports.Upload;
import io.releasedesk.qa.TestResultsIntake.Received;
import io.releasedesk.release.ReleaseNotFoundException;
import io.releasedesk.release.ReleaseProcess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test results from CI for a release's candidate, and each candidate's results with the quality gate's verdict.
 * Posting is for CI accounts (group {@code ci}) and administrators; reading for whoever may read the release.
 */
@RestController
@RequestMapping("/api/releases/{releaseKey}/candidates")
@Tag(
    name = "Test results",
    description = "CI posts a candidate's test results; the quality gate judges them")
class TestResultsController {

  static final String REPORT_PART = "report";
  static final String SUMMARY_PART = "summary";

  private final TestResultsIntake intake;
  private final JUnitReports reports;
  private final QaProperties qa;
  private final HistoryService historyService;
  private final JdbcClient jdbc;

  TestResultsController(
      TestResultsIntake intake, QaProperties qa, HistoryService historyService, JdbcClient jdbc) {
    this.intake = intake;
    this.reports = new JUnitReports(qa);
    this.qa = qa;
    this.historyService = historyService;
    this.jdbc = jdbc;
  }

  @PostMapping(path = "/{candidate}/test-results", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Post a candidate's test results (reports and summary)",
      description =
          "Parts 'report' (one or more JUnit XML files, or zips of them) and 'summary' (JSON: suite, "
              + "passed, failed, skipped, coverage, runUrl, openBlockers, commit; all optional).")
  @ApiResponse(responseCode = "201", description = "Taken; the quality gate's verdict and reason")
  @ApiResponse(
      responseCode = "400",
      description = "Unreadable, malformed or too large; nothing stored")
  @ApiResponse(
      responseCode = "409",
      description = "Not the current candidate, or not waiting for results")
  ResponseEntity<Received> postParts(
      @PathVariable String releaseKey,
      @PathVariable String candidate,
      HttpServletRequest request,
      Principal caller)
      throws IOException, ServletException {
    var uploads = new ArrayList<Upload>();
    TestSummary summary = TestSummary.NONE;
    for (Part part : request.getParts()) {
      switch (part.getName()) {
        case REPORT_PART ->
            uploads.add(new Upload(name(part), bounded(part.getInputStream(), name(part))));
        case SUMMARY_PART ->
            summary =
                TestSummary.parse(
                    new String(
                        bounded(part.getInputStream(), SUMMARY_PART), StandardCharsets.UTF_8));
        default ->
            throw new InvalidTestResultsException(
                "Unknown part '"
                    + part.getName()
                    + "': send test reports as 'report' and the JSON summary as 'summary'");
      }
    }
    return take(releaseKey, candidate, uploads, summary, caller);
  }

  @PostMapping(path = "/{candidate}/test-results", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Post a candidate's test results as a JSON summary only")
  ResponseEntity<Received> postSummary(
      @PathVariable String releaseKey,
      @PathVariable String candidate,
      InputStream body,
      Principal caller)
      throws IOException {
    TestSummary summary =
        TestSummary.parse(new String(bounded(body, SUMMARY_PART), StandardCharsets.UTF_8));
    return take(releaseKey, candidate, List.of(), summary, caller);
  }

  @PostMapping(
      path = "/{candidate}/test-results",
      consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, "application/zip"})
  @Operation(summary = "Post one JUnit XML report, or a zip of reports, as the body")
  ResponseEntity<Received> postReport(
      @PathVariable String releaseKey,
      @PathVariable String candidate,
      InputStream body,
      Principal caller)
      throws IOException {
    return take(
        releaseKey,
        candidate,
        List.of(new Upload("the body", bounded(body, "the body"))),
        TestSummary.NONE,
        caller);
  }

  @GetMapping
  @Operation(
      summary = "Each candidate's test results and the quality gate's verdict",
      description = "For whoever may read the release; oldest first.")
  List<Received> candidates(@PathVariable String releaseKey) {
    // the caller's own permissions decide whether the release is there for them
    if (historyService
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey(ReleaseProcess.KEY)
            .processInstanceBusinessKey(releaseKey)
            .count()
        == 0) {
      throw new ReleaseNotFoundException("No release " + releaseKey);
    }
    return CandidateResults.of(jdbc, releaseKey);
  }

  private ResponseEntity<Received> take(
      String releaseKey,
      String candidate,
      List<Upload> uploads,
      TestSummary summary,
      Principal caller) {
    var suites = new ArrayList<>(reports.read(uploads));
    if (summary.hasCounts()) {
      suites.add(summary.suiteOfItsOwn());
    }
    if (suites.isEmpty()) {
      throw new InvalidTestResultsException(
          "No test results: send JUnit XML reports (part 'report') or a summary"
              + " with suite, passed, failed and skipped");
    }
    var run =
        new TestRun(
            List.copyOf(suites),
            summary.coverage(),
            summary.runUrl(),
            summary.openBlockers(),
            summary.commit());
    Received received = intake.receive(releaseKey, candidate, run, caller.getName());
    return ResponseEntity.created(URI.create("/api/releases/" + releaseKey + "/candidates"))
        .body(received);
  }

  /** The body or part read up to the upload limit, refused beyond it. */
  private byte[] bounded(InputStream in, String name) throws IOException {
    long limit = qa.maxTotalSize().toBytes();
    byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (content.length > limit) {
      throw new InvalidTestResultsException(
          name
              + " is larger than "
              + qa.maxTotalSize().toMegabytes()
              + " MB (releasedesk.qa.max-total-size)");
    }
    return content;
  }

  private static String name(Part part) {
    String file = part.getSubmittedFileName();
    return file == null || file.isBlank() ? REPORT_PART : file;
  }
}
