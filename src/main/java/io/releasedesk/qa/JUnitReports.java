package io.releasedesk.qa;

import io.releasedesk.qa.TestRun.FailedTest;
import io.releasedesk.qa.TestRun.Suite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads test reports in the JUnit XML format that Maven Surefire, Gradle, pytest ({@code --junitxml}) and Jest
 * (jest-junit) write: a {@code testsuite} or a {@code testsuites} root, {@code testcase} elements with a
 * {@code failure}, {@code error} or {@code skipped} child. Several files, and zips of them, make one run.
 *
 * <p>The XML parser is hardened: no DOCTYPE (so no entities, external or expanding), no external DTDs or schemas, the
 * JDK's secure processing limits; every file and the whole upload are bounded in size, also inside a zip, whatever
 * its entries claim (a zip bomb stops at the limit). Anything else is refused with the file and the problem named.
 */
public class JUnitReports {

  /** A file as uploaded. */
  public record Upload(String name, byte[] content) {}

  static final int TRACE_LINES = 5;
  static final int LINE_LENGTH = 200;
  static final int MESSAGE_LENGTH = 300;

  private final QaProperties limits;

  public JUnitReports(QaProperties limits) {
    this.limits = limits;
  }

  /** The suites of these files (XML reports or zips of them), in the order read. */
  public List<Suite> read(List<Upload> uploads) {
    var reports = new ArrayList<Upload>();
    long[] total = {0};
    for (Upload upload : uploads) {
      if (isZip(upload.content())) {
        unzip(upload, reports, total);
      } else {
        count(upload.name(), upload.content().length, reports.size() + 1, total);
        reports.add(upload);
      }
    }
    var suites = new ArrayList<Suite>();
    for (Upload report : reports) {
      suites.addAll(parse(report));
    }
    return suites;
  }

  private void count(String name, long size, int files, long[] total) {
    if (size > limits.maxReportSize().toBytes()) {
      throw new InvalidTestResultsException(
          "Test report "
              + name
              + " is larger than "
              + limits.maxReportSize().toMegabytes()
              + " MB (releasedesk.qa.max-report-size)");
    }
    if (files > limits.maxReports()) {
      throw new InvalidTestResultsException(
          "More than "
              + limits.maxReports()
              + " test reports in one upload (releasedesk.qa.max-reports)");
    }
    total[0] += size;
    if (total[0] > limits.maxTotalSize().toBytes()) {
      throw new InvalidTestResultsException(
          "The test reports are larger than "
              + limits.maxTotalSize().toMegabytes()
              + " MB together, uncompressed (releasedesk.qa.max-total-size)");
    }
  }

  private static boolean isZip(byte[] content) {
    return content.length >= 4
        && content[0] == 'P'
        && content[1] == 'K'
        && content[2] == 3
        && content[3] == 4;
  }

  /** The zip's XML files; other files (Surefire's .txt summaries) are passed over, nested zips refused. */
  private void unzip(Upload zip, List<Upload> reports, long[] total) {
    try (var entries = new ZipInputStream(new ByteArrayInputStream(zip.content()))) {
      ZipEntry entry;
      int files = 0;
      while ((entry = entries.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        files++;
        String name = zip.name() + "!" + entry.getName();
        if (files > limits.maxReports()) {
          throw new InvalidTestResultsException(
              "More than "
                  + limits.maxReports()
                  + " files in "
                  + zip.name()
                  + " (releasedesk.qa.max-reports)");
        }
        byte[] content = readBounded(entries, name, total);
        if (isZip(content)) {
          throw new InvalidTestResultsException(
              name + " is a zip inside a zip; send the reports in one zip");
        }
        if (entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")) {
          reports.add(new Upload(name, content));
        }
      }
      if (reports.isEmpty()) {
        throw new InvalidTestResultsException(zip.name() + " holds no .xml test report");
      }
    } catch (ZipException e) {
      throw new InvalidTestResultsException(
          zip.name() + " is not a readable zip: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidTestResultsException(zip.name() + " cannot be read: " + e.getMessage());
    }
  }

  /** Reads an entry up to the limits, counting the bytes that come out, not what the entry's header claims. */
  private byte[] readBounded(InputStream in, String name, long[] total) throws IOException {
    long perFile = limits.maxReportSize().toBytes();
    var out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      out.write(buffer, 0, read);
      if (out.size() > perFile || total[0] + out.size() > limits.maxTotalSize().toBytes()) {
        count(name, out.size(), 1, total); // refuses, naming the limit
      }
    }
    count(name, out.size(), 1, total);
    return out.toByteArray();
  }

  private List<Suite> parse(Upload report) {
    Element root;
    try {
      root = parser().parse(new ByteArrayInputStream(report.content())).getDocumentElement();
    } catch (SAXParseException e) {
      throw new InvalidTestResultsException(
          "Test report "
              + report.name()
              + " is not well-formed XML (line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + "): "
              + e.getMessage());
    } catch (SAXException | IOException e) {
      throw new InvalidTestResultsException(
          "Test report " + report.name() + " cannot be read: " + e.getMessage());
    }
    String rootName = root.getTagName();
    if (!rootName.equals("testsuite") && !rootName.equals("testsuites")) {
      throw new InvalidTestResultsException(
          "Test report "
              + report.name()
              + " is not JUnit XML: its root element is <"
              + rootName
              + ">, not <testsuite> or <testsuites>");
    }
    // each test case counts in its nearest suite; suites keep the order of their first test case
    Map<String, SuiteCounts> suites = new LinkedHashMap<>();
    NodeList cases = root.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      String suite = suiteOf(testCase, report.name());
      SuiteCounts counts = suites.computeIfAbsent(suite, SuiteCounts::new);
      Element failure = child(testCase, "failure");
      if (failure == null) {
        failure = child(testCase, "error");
      }
      if (failure != null) {
        counts.failed.add(failed(suite, testCase, failure));
      } else if (child(testCase, "skipped") != null) {
        counts.skipped++;
      } else {
        counts.passed++;
      }
    }
    return suites.values().stream().map(SuiteCounts::suite).toList();
  }

  private static String suiteOf(Element testCase, String file) {
    for (Node node = testCase.getParentNode();
        node instanceof Element element;
        node = node.getParentNode()) {
      if (element.getTagName().equals("testsuite") && !element.getAttribute("name").isBlank()) {
        return element.getAttribute("name");
      }
    }
    return testCase.getAttribute("classname").isBlank() ? file : testCase.getAttribute("classname");
  }

  private static FailedTest failed(String suite, Element testCase, Element failure) {
    String className = testCase.getAttribute("classname");
    String testName = testCase.getAttribute("name");
    // Surefire and Gradle name the suite after the class, jest-junit repeats the name as class name
    String name =
        className.isBlank() || className.equals(suite) || className.equals(testName)
            ? testName
            : className + "." + testName;
    String trace = failure.getTextContent().strip();
    String message = failure.getAttribute("message").strip();
    if (message.isEmpty()) {
      message = trace.lines().findFirst().orElse(failure.getTagName());
    }
    return new FailedTest(suite, name, cut(message, MESSAGE_LENGTH), head(trace));
  }

  /** The first lines of a trace, each cut to a readable length. */
  static String head(String trace) {
    return String.join(
        "\n",
        trace
            .lines()
            .limit(TRACE_LINES)
            .map(line -> cut(line.stripTrailing(), LINE_LENGTH))
            .toList());
  }

  static String cut(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length - 1) + "…";
  }

  private static Element child(Element parent, String tag) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(tag)) {
        return element;
      }
    }
    return null;
  }

  private static final class SuiteCounts {
    final String name;
    int passed;
    int skipped;
    final List<FailedTest> failed = new ArrayList<>();

    SuiteCounts(String name) {
      this.name = name;
    }

    Suite suite() {
      return new Suite(name, passed, failed.size(), skipped, List.copyOf(failed));
    }
  }

  /** A parser that reads no DOCTYPE, hence no entity, and fetches nothing. */
  private static DocumentBuilder parser() {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
              // not a problem of the report
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(
          "The JDK's XML parser lacks a security feature Release Desk needs", e);
    }
  }
}
