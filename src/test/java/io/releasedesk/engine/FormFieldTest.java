package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/** The rules of one form field, as the engine applies them to whatever is submitted. */
class FormFieldTest {

  static FormField field(String json) throws Exception {
    return FormField.of(new ObjectMapper().readTree(json)).orElseThrow();
  }

  @Test
  void aNumberFieldTakesWholeNumbersWithinItsRange() throws Exception {
    FormField defects =
        field(
            """
        {"label": "Defects found", "type": "number", "key": "defectsFound", "decimalDigits": 0,
         "validate": {"required": true, "min": 0, "max": 9999}}""");

    assertThat(defects.problem(0)).isEmpty();
    assertThat(defects.problem(9999L)).isEmpty();
    assertThat(defects.problem(Variables.longValue(3L))).isEmpty();
    for (Object wrong :
        new Object[] {-1, 10_000, 1.5, "3", new BigInteger("9223372036854775808"), true}) {
      assertThat(defects.problem(wrong))
          .as("%s", wrong)
          .contains("Defects found must be a whole number from 0 to 9999");
    }
    assertThat(defects.problem(null)).contains("Defects found is required");
  }

  @Test
  void aReadonlyOrDisabledFieldIsReadOnly() throws Exception {
    assertThat(
            field(
                    """
        {"label": "Commit (full sha)", "type": "textfield", "key": "candidateCommit", "readonly": true}""")
                .readOnly())
        .isTrue();
    assertThat(
            field(
                    """
        {"label": "Commit", "type": "textfield", "key": "commit", "disabled": true}""")
                .readOnly())
        .isTrue();
    assertThat(
            field(
                    """
        {"label": "Test summary", "type": "textarea", "key": "testSummary"}""")
                .readOnly())
        .isFalse();
  }

  @Test
  void aChoiceTakesOneOfItsOptions() throws Exception {
    FormField decision =
        field(
            """
        {"label": "Decision", "type": "radio", "key": "decision", "validate": {"required": true},
         "values": [{"label": "Approve", "value": "approve"}, {"label": "Reject", "value": "reject"}]}""");

    assertThat(decision.problem("approve")).isEmpty();
    assertThat(decision.problem("maybe")).contains("Decision must be approve or reject");
    assertThat(decision.problem(1)).contains("Decision must be approve or reject");
    assertThat(decision.problem(Map.of("approve", true)))
        .contains("Decision must be approve or reject");
    assertThat(decision.problem(Variables.objectValue(Map.of()).create()))
        .contains("Decision must be approve or reject");
    assertThat(decision.problem(" ")).contains("Decision is required");
  }

  @Test
  void aTextFieldTakesTextWithinItsLimitsAndPattern() throws Exception {
    FormField version =
        field(
            """
        {"label": "Version", "type": "textfield", "key": "version",
         "validate": {"pattern": "^\\\\d+\\\\.\\\\d+\\\\.\\\\d+$", "minLength": 5, "maxLength": 8}}""");

    assertThat(version.problem("2.4.0")).isEmpty();
    assertThat(version.problem(null)).as("not required").isEmpty();
    assertThat(version.problem("2.4")).contains("Version is shorter than 5 characters");
    assertThat(version.problem("2.4.0.1.2")).contains("Version is longer than 8 characters");
    assertThat(version.problem("2.4.x"))
        .contains("Version does not have the form the field asks for");
    assertThat(version.problem(240)).contains("Version must be text");
  }

  @Test
  void textWithoutALimitOfItsOwnFitsTheDatabaseAndHoldsNoControlCharacters() throws Exception {
    FormField notes =
        field(
            """
        {"label": "Notes", "type": "textarea", "key": "notes"}""");

    assertThat(notes.problem("x".repeat(4000))).isEmpty();
    assertThat(notes.problem("line one\r\n\tline two\n")).isEmpty();
    assertThat(notes.problem("x".repeat(4001))).contains("Notes is longer than 4000 characters");
    assertThat(notes.problem("nul \u0000"))
        .contains(
            "Notes contains a control character (only tabs and line" + " breaks are allowed)");
    assertThat(notes.problem("delete \u007f")).isPresent();
  }

  @Test
  void aCheckboxTakesTrueOrFalseAndADateTakesADate() throws Exception {
    FormField flag =
        field(
            """
        {"label": "Rolled back", "type": "checkbox", "key": "rollbackConfirmed"}""");
    FormField date =
        field(
            """
        {"dateLabel": "Target date", "subtype": "date", "type": "datetime", "key": "targetDate"}""");

    assertThat(flag.problem(true)).isEmpty();
    assertThat(flag.problem("yes")).contains("Rolled back must be true or false");
    assertThat(date.problem("2026-12-01")).isEmpty();
    assertThat(date.problem(new Date())).isEmpty();
    assertThat(date.problem(20261201)).contains("Target date must be a date");
  }

  @Test
  void aFieldTheFormMayHideNeedNotBeFilled() throws Exception {
    FormField failure =
        field(
            """
        {"label": "What went wrong", "type": "textarea", "key": "deploymentFailure",
         "validate": {"required": true}, "conditional": {"hide": "=result != \\"failed\\""}}""");

    assertThat(failure.mustBeFilled()).isFalse();
  }
}
