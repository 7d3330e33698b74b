package io.releasedesk.release;

import static io.releasedesk.release.ReleaseProcess.Variables.CHANGE_SIZE;
import static io.releasedesk.release.ReleaseProcess.Variables.CUSTOMER_FACING;
import static io.releasedesk.release.ReleaseProcess.Variables.HAS_DATABASE_MIGRATIONS;
import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TYPE;
import static io.releasedesk.release.ReleaseProcess.Variables.SCOPE_SUMMARY;
import static io.releasedesk.release.ReleaseProcess.Variables.SERVICE;
import static io.releasedesk.release.ReleaseProcess.Variables.TARGET_DATE;
import static io.releasedesk.release.ReleaseProcess.Variables.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules a release request must follow, and the messages a release manager reads when it does not. */
class ReleaseRequestTest {

  static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

  /** A request as the start form submits it: payments 2.4.0, regular, internal, no migrations. */
  static Map<String, Object> valid() {
    var values = new HashMap<String, Object>();
    values.put(SERVICE.getName(), "payments");
    values.put(VERSION.getName(), "2.4.0");
    values.put(TARGET_DATE.getName(), "2026-03-24");
    values.put(RELEASE_TYPE.getName(), "regular");
    values.put(SCOPE_SUMMARY.getName(), "New checkout flow (PAY-101, PAY-107)");
    values.put(HAS_DATABASE_MIGRATIONS.getName(), false);
    values.put(CUSTOMER_FACING.getName(), false);
    return values;
  }

  static Map<String, Object> validWith(String key, Object value) {
    var values = valid();
    values.put(key, value);
    return values;
  }

  static ReleaseRequest accept(Map<String, ?> values) {
    return ReleaseRequest.from(values, TODAY);
  }

  static InvalidReleaseRequestException refuse(Map<String, ?> values) {
    var refused =
        catchThrowableOfType(
            InvalidReleaseRequestException.class, () -> ReleaseRequest.from(values, TODAY));
    assertThat(refused).as("the request should be refused").isNotNull();
    return refused;
  }

  @Test
  void validRequestIsAcceptedWithEveryValueAsSubmitted() {
    ReleaseRequest request = accept(valid());

    assertThat(request)
        .isEqualTo(
            new ReleaseRequest(
                "payments",
                "2.4.0",
                LocalDate.of(2026, 3, 24),
                "regular",
                "New checkout flow (PAY-101, PAY-107)",
                false,
                false));
  }

  @Test
  void surroundingWhitespaceIsTrimmedFromEveryText() {
    // given values typed with stray spaces and line breaks
    var values = valid();
    values.put(SERVICE.getName(), "  payments ");
    values.put(VERSION.getName(), " 2.4.0 ");
    values.put(RELEASE_TYPE.getName(), "hotfix ");
    values.put(SCOPE_SUMMARY.getName(), "\n  New checkout flow  \n");
    values.put(HAS_DATABASE_MIGRATIONS.getName(), true);
    values.put(CUSTOMER_FACING.getName(), true);

    // when it is checked
    ReleaseRequest request = accept(values);

    // then the stored values are clean
    assertThat(request.service()).isEqualTo("payments");
    assertThat(request.version()).isEqualTo("2.4.0");
    assertThat(request.releaseType()).isEqualTo("hotfix");
    assertThat(request.scopeSummary()).isEqualTo("New checkout flow");
    assertThat(request.hasDatabaseMigrations()).isTrue();
    assertThat(request.customerFacing()).isTrue();
    assertThat(request.releaseKey()).isEqualTo("payments@2.4.0");
  }

  @Test
  void releaseKeyNamesServiceAndVersion() {
    assertThat(accept(validWith(VERSION.getName(), "3.0.0-rc.1+build.7")).releaseKey())
        .isEqualTo("payments@3.0.0-rc.1+build.7");
  }

  @Test
  void emptyRequestListsEveryProblemAtOnce() {
    var refused = refuse(Map.of());

    assertThat(refused.problems())
        .containsExactly(
            "Service is required",
            "Version is required",
            "Target date is required",
            "Release type is required",
            "Scope summary is required",
            "Database migrations must be answered with true or false",
            "Customer-facing must be answered with true or false");
    assertThat(refused)
        .hasMessage(
            "Invalid release request: Service is required; "
                + "Version is required; Target date is required; Release type is required; Scope summary is required; "
                + "Database migrations must be answered with true or false; "
                + "Customer-facing must be answered with true or false");
  }

  @Test
  void severalWrongValuesAreAllNamedNotJustTheFirst() {
    var values = valid();
    values.put(SERVICE.getName(), "Payments Service");
    values.put(VERSION.getName(), "2.4");
    values.put(TARGET_DATE.getName(), "2026-03-09");
    values.put(RELEASE_TYPE.getName(), "emergency");

    assertThat(refuse(values).problems())
        .containsExactly(
            "Service 'Payments Service' must be lower case letters, digits, '.', '_' or '-' (at most 63)",
            "Version '2.4' is not a semantic version such as 2.4.0 or 2.4.0-beta.1",
            "Target date 2026-03-09 lies in the past",
            "Release type must be 'regular' or 'hotfix', not 'emergency'");
  }

  @Test
  void blankTextCountsAsMissing() {
    var values = valid();
    values.put(SERVICE.getName(), "   ");
    values.put(SCOPE_SUMMARY.getName(), "\n\t");
    values.put(VERSION.getName(), " ");
    values.put(TARGET_DATE.getName(), "");

    assertThat(refuse(values).problems())
        .containsExactly(
            "Service is required",
            "Version is required",
            "Target date is required",
            "Scope summary is required");
  }

  @Nested
  class ServiceName {

    @ParameterizedTest
    @ValueSource(
        strings = {"payments", "payments-api", "shop.payments", "payments_v2", "9lives", "a"})
    void lowerCaseNamesWithDigitsDotsDashesAndUnderscoresAreAccepted(String service) {
      assertThat(accept(validWith(SERVICE.getName(), service)).service()).isEqualTo(service);
    }

    @Test
    void sixtyThreeCharactersAreTheLimit() {
      String longest = "p".repeat(63);
      assertThat(accept(validWith(SERVICE.getName(), longest)).service()).isEqualTo(longest);

      assertThat(refuse(validWith(SERVICE.getName(), longest + "p")).problems())
          .containsExactly(
              "Service '"
                  + longest
                  + "p' must be lower case letters, digits, '.', '_' or '-' (at most 63)");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Payments",
          "payments api",
          "-payments",
          ".payments",
          "payments/api",
          "paymënts"
        })
    void otherNamesAreRefusedWithTheRule(String service) {
      assertThat(refuse(validWith(SERVICE.getName(), service)).problems())
          .containsExactly(
              "Service '"
                  + service
                  + "' must be lower case letters, digits, '.', '_' or '-' (at most 63)");
    }
  }

  @Nested
  class Version {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "0.0.1",
          "2.4.0",
          "10.20.30",
          "2.4.0-rc.1",
          "2.4.0-beta",
          "2.4.0-alpha.beta.1",
          "2.4.0-0.3.7",
          "2.4.0-x-y-z.--",
          "2.4.0+build.5",
          "2.4.0+20260310.sha.5114f85",
          "2.4.0-beta.1+exp.sha.5114f85",
          "2.4.0+001"
        })
    void semanticVersionsIncludingPreReleaseAndBuildMetadataAreAccepted(String version) {
      assertThat(accept(validWith(VERSION.getName(), version)).version()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "2.4",
          "2",
          "02.4.0",
          "2.04.0",
          "2.4.00",
          "2.4.0-",
          "2.4.0+",
          "2.4.0-rc.01",
          "2.4.0-rc..1",
          "v2.4.0",
          "2.4.0.1",
          "2.4.0-beta_1",
          "2.4.0+build+5",
          "latest",
          "2.4.0 beta"
        })
    void otherVersionsAreRefusedWithAnExample(String version) {
      assertThat(refuse(validWith(VERSION.getName(), version)).problems())
          .containsExactly(
              "Version '" + version + "' is not a semantic version such as 2.4.0 or 2.4.0-beta.1");
    }
  }

  @Nested
  class TargetDate {

    @Test
    void todayIsAllowed() {
      assertThat(accept(validWith(TARGET_DATE.getName(), "2026-03-10")).targetDate())
          .isEqualTo(TODAY);
    }

    @Test
    void aDayInThePastIsRefused() {
      assertThat(refuse(validWith(TARGET_DATE.getName(), "2026-03-09")).problems())
          .containsExactly("Target date 2026-03-09 lies in the past");
    }

    @Test
    void aDateTimeIsCutToItsDay() {
      assertThat(accept(validWith(TARGET_DATE.getName(), "2026-04-01T09:30:00Z")).targetDate())
          .isEqualTo(LocalDate.of(2026, 4, 1));
      assertThat(
              accept(validWith(TARGET_DATE.getName(), "2026-03-10T00:00:00.000+01:00"))
                  .targetDate())
          .isEqualTo(TODAY);
    }

    @Test
    void aDateTimeOnAnEarlierDayIsRefusedAsPast() {
      assertThat(refuse(validWith(TARGET_DATE.getName(), "2026-03-09T23:59:59Z")).problems())
          .containsExactly("Target date 2026-03-09 lies in the past");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "next friday",
          "24.03.2026",
          "2026-3-24",
          "2026-02-30",
          "2026-13-01",
          "03/24/2026"
        })
    void textThatIsNotADateIsRefusedWithAnExample(String text) {
      assertThat(refuse(validWith(TARGET_DATE.getName(), text)).problems())
          .containsExactly("Target date '" + text + "' is not a date like 2026-12-01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-04-01 or later", "2026-04-01T99:99", "2026-04-01xyz"})
    void aDateFollowedByNonsenseIsNotADate(String text) {
      assertThat(refuse(validWith(TARGET_DATE.getName(), text)).problems())
          .containsExactly("Target date '" + text + "' is not a date like 2026-12-01");
    }

    @Test
    void trailingWhitespaceAfterTheDateIsIgnored() {
      assertThat(accept(validWith(TARGET_DATE.getName(), "2026-04-01 ")).targetDate())
          .isEqualTo(LocalDate.of(2026, 4, 1));
    }

    @Test
    void leadingWhitespaceBeforeTheDateIsTrimmedLikeEveryOtherValue() {
      assertThat(accept(validWith(TARGET_DATE.getName(), " 2026-04-01")).targetDate())
          .isEqualTo(LocalDate.of(2026, 4, 1));
    }

    @Test
    void aValueThatIsNotTextIsRefused() {
      // a client of the REST API may send a typed date; only the form's yyyy-MM-dd text is
      // understood
      assertThat(refuse(validWith(TARGET_DATE.getName(), LocalDate.of(2026, 4, 1))).problems())
          .singleElement(STRING)
          .startsWith("Target date ");
    }
  }

  @Nested
  class ReleaseType {

    @ParameterizedTest
    @ValueSource(strings = {"regular", "hotfix"})
    void regularAndHotfixAreAccepted(String type) {
      assertThat(accept(validWith(RELEASE_TYPE.getName(), type)).releaseType()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Regular", "HOTFIX", "patch", "major"})
    void anythingElseIsRefusedNamingBoth(String type) {
      assertThat(refuse(validWith(RELEASE_TYPE.getName(), type)).problems())
          .containsExactly("Release type must be 'regular' or 'hotfix', not '" + type + "'");
    }
  }

  @Nested
  class YesNoQuestions {

    @Test
    void missingAnswersAreRefused() {
      var values = valid();
      values.remove(HAS_DATABASE_MIGRATIONS.getName());
      values.remove(CUSTOMER_FACING.getName());

      assertThat(refuse(values).problems())
          .containsExactly(
              "Database migrations must be answered with true or false",
              "Customer-facing must be answered with true or false");
    }

    @Test
    void textOrNumbersAreNotAnAnswer() {
      var values = valid();
      values.put(HAS_DATABASE_MIGRATIONS.getName(), "true");
      values.put(CUSTOMER_FACING.getName(), 1);

      assertThat(refuse(values).problems())
          .containsExactly(
              "Database migrations must be answered with true or false",
              "Customer-facing must be answered with true or false");
    }

    @Test
    void nullIsNotAnAnswer() {
      assertThat(refuse(validWith(CUSTOMER_FACING.getName(), null)).problems())
          .containsExactly("Customer-facing must be answered with true or false");
    }
  }

  @Nested
  class WrongTypes {

    @Test
    void textFieldsGivenNumbersOrFlagsAreRefusedAsNotText() {
      var values = valid();
      values.put(SERVICE.getName(), 42);
      values.put(RELEASE_TYPE.getName(), 1L);
      values.put(SCOPE_SUMMARY.getName(), Map.of("text", "New checkout"));

      assertThat(refuse(values).problems())
          .containsExactly(
              "Service must be text", "Release type must be text", "Scope summary must be text");
    }

    @Test
    void aVersionGivenAsANumberIsRefused() {
      // (the message says "Version is required" rather than "must be text"; see the report)
      assertThat(refuse(validWith(VERSION.getName(), 2.4)).problems())
          .singleElement(STRING)
          .startsWith("Version ");
    }
  }

  @Nested
  class TextLength {

    @Test
    void fourThousandCharactersFit() {
      String scope = "x".repeat(ReleaseRequest.MAX_TEXT_LENGTH);
      assertThat(accept(validWith(SCOPE_SUMMARY.getName(), scope)).scopeSummary()).hasSize(4000);
    }

    @Test
    void longerTextIsRefused() {
      assertThat(refuse(validWith(SCOPE_SUMMARY.getName(), "x".repeat(4001))).problems())
          .containsExactly("Scope summary is longer than 4000 characters");
    }

    @Test
    void theLimitCountsTheTrimmedText() {
      String scope = "  " + "x".repeat(4000) + "  ";
      assertThat(accept(validWith(SCOPE_SUMMARY.getName(), scope)).scopeSummary()).hasSize(4000);
    }
  }

  @Nested
  class Planning {

    @ParameterizedTest
    @ValueSource(strings = {"small", "medium", "large", " large "})
    void knownChangeSizesHaveNoProblems(String size) {
      assertThat(ReleaseRequest.planningProblems(Map.of(CHANGE_SIZE.getName(), size))).isEmpty();
    }

    @Test
    void missingChangeSizeIsAProblem() {
      assertThat(ReleaseRequest.planningProblems(Map.of()))
          .containsExactly("Size of change is required");
      assertThat(ReleaseRequest.planningProblems(Map.of(CHANGE_SIZE.getName(), " ")))
          .containsExactly("Size of change is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"huge", "Small", "xl"})
    void unknownChangeSizeIsAProblemNamingTheChoices(String size) {
      assertThat(ReleaseRequest.planningProblems(Map.of(CHANGE_SIZE.getName(), size)))
          .containsExactly(
              "Size of change must be 'small', 'medium' or 'large', not '" + size + "'");
    }

    @Test
    void changeSizeThatIsNotTextIsAProblem() {
      assertThat(ReleaseRequest.planningProblems(Map.of(CHANGE_SIZE.getName(), 3)))
          .containsExactly("Size of change must be text");
    }

    @Test
    void planningProblemsDoNotConcernTheRequestItself() {
      // the request's own values are checked by from(...); a plan with a size has nothing more to
      // say
      assertThat(ReleaseRequest.planningProblems(validWith(CHANGE_SIZE.getName(), "small")))
          .isEmpty();
    }
  }
}
