package io.releasedesk.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Camunda Tasklist in headless Chromium, driven the way a person uses it: log in, pick a filter, open a task, claim
 * it, fill its Camunda Form, complete it. Elements are found by what a person sees (labels, names) where Tasklist
 * allows it; the selectors are those of Tasklist 7.24 and form-js.
 */
final class Tasklist extends CamundaWebapp {

  /** Opens Tasklist with a 1280x900 view, as a new visitor (fresh browser profile, not logged in). */
  static Tasklist open(String baseUrl) {
    return new Tasklist(baseUrl + "/camunda/app/tasklist/");
  }

  /** Opens Tasklist with a view of the given size, as a new visitor. */
  static Tasklist open(String baseUrl, int width, int height) {
    return new Tasklist(baseUrl + "/camunda/app/tasklist/", width, height);
  }

  private Tasklist(String url) {
    this(url, 1280, 900);
  }

  private Tasklist(String url, int width, int height) {
    super(url, width, height);
  }

  void logIn(String user, String password) {
    submitLogin(user, password);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter")));
  }

  /** Clicks a filter in the left column and waits until its tasks are listed. */
  void showFilter(String name) {
    // the description tooltip of the filter under the mouse may cover the link: the mouse moves
    // away, the click is
    // tried again
    wait.ignoring(ElementClickInterceptedException.class)
        .until(
            d -> {
              try {
                filterLink(name).click();
              } catch (ElementClickInterceptedException covered) {
                new Actions(d).moveToLocation(0, 0).perform();
                throw covered;
              }
              return true;
            });
    wait.until(
        d ->
            filterLink(name)
                .findElement(By.xpath("ancestor::div[contains(@class,'task-filter')]"))
                .getDomAttribute("class")
                .contains("active"));
    waitForTaskList();
  }

  /** The names of the task lists (filters) Tasklist offers, top to bottom. */
  List<String> filterNames() {
    wait.until(d -> !d.findElements(By.cssSelector(".task-filter h4.name a")).isEmpty());
    return driver.findElements(By.cssSelector(".task-filter h4.name a")).stream()
        .map(link -> link.getText().strip())
        .toList();
  }

  /** The number Tasklist shows next to the selected filter. */
  int selectedFilterCount() {
    String counter = driver.findElement(By.cssSelector(".task-filter.active .counter")).getText();
    return Integer.parseInt(counter.replaceAll("\\D", ""));
  }

  /** The names of the tasks in the task list, top to bottom. */
  List<String> taskNames() {
    waitForTaskList();
    return driver.findElements(By.cssSelector("ol.tasks-list li.task h4.task a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The text of the task card, as listed: name, process, and the filter's variable columns. */
  String taskCard(String taskId) {
    return taskLink(taskId)
        .findElement(By.xpath("ancestor::li[contains(@class,'task')]"))
        .getText();
  }

  /** The ids of the tasks the selected filter lists. */
  List<String> taskIds() {
    waitForTaskList();
    return driver.findElements(By.cssSelector("ol.tasks-list li.task h4.task a")).stream()
        .map(link -> link.getDomAttribute("href").replaceFirst(".*task=", ""))
        .toList();
  }

  /** Whether the card of a listed task shows Tasklist's priority number. */
  boolean cardShowsPriority(String taskId) {
    return taskLink(taskId)
        .findElement(By.xpath("ancestor::li[contains(@class,'task')]"))
        .findElements(By.cssSelector(".priority"))
        .stream()
        .anyMatch(WebElement::isDisplayed);
  }

  /** Whether the header offers "Create task". */
  boolean offersCreateTask() {
    // the header's actions are rendered with the filters; Release Desk's check answers right after
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".start-process-action")));
    sleepQuietly(2000);
    return driver.findElements(By.cssSelector(".create-task-action")).stream()
        .anyMatch(WebElement::isDisplayed);
  }

  /** Clicks Complete and waits for the message Tasklist shows when the engine refuses the form; returns its text. */
  String completeRefused() {
    completeButton().click();
    return wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".page-notifications .alert")))
        .getText();
  }

  /** Whether a message Tasklist shows lies over the Complete button (the element at its centre is not the button). */
  boolean completeCovered() {
    WebElement complete = completeButton();
    return !Boolean.TRUE.equals(
        driver.executeScript(
            """
        const button = arguments[0];
        const box = button.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return top === button || button.contains(top);""",
            complete));
  }

  /** Start process (header) → the process with this name; waits for its start form. */
  void startProcess(String processName) {
    driver.findElement(By.cssSelector(".start-process-action a")).click();
    wait.until(
            d ->
                d.findElements(By.cssSelector(".modal-content ul.processes a")).stream()
                    .filter(link -> link.getText().strip().startsWith(processName))
                    .findFirst()
                    .orElse(null))
        .click();
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-content .fjs-form")));
  }

  /** Picks an option of the select field with this label (form-js's searchable select). */
  void select(String label, String option) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//div[contains(@class,'fjs-form-field-select')]"
                        + "[.//label[normalize-space(translate(., '*', ''))='"
                        + label
                        + "']]"
                        + "//div[contains(@class,'fjs-input-group')]")))
        .click();
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//div[contains(@class,'fjs-dropdownlist-item')][normalize-space()='"
                        + option
                        + "']")))
        .click();
  }

  /** Clicks the start dialog's Start button and returns the message Tasklist shows once the process is started. */
  String startAndReadConfirmation() {
    driver
        .findElement(
            By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='Start']"))
        .click();
    return wait.until(
        d ->
            d.findElements(By.cssSelector(".page-notifications .rd-start-confirmation")).stream()
                .map(WebElement::getText)
                .filter(text -> text.contains("next:"))
                .findFirst()
                .orElse(null));
  }

  /** Opens a listed task and waits until its Camunda Form is rendered. */
  void openTask(String taskId) {
    taskLink(taskId).click();
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector(".fjs-form .fjs-form-field-text")));
  }

  /** The heading of the open task (its name). */
  String taskTitle() {
    return driver.findElement(By.cssSelector("[cam-tasklist-task] h2")).getText();
  }

  /** The first heading the form renders (a Camunda Forms text component). */
  String formHeading() {
    return driver.findElement(By.cssSelector(".fjs-form .fjs-form-field-text h1")).getText();
  }

  /** All text the form's text components render. */
  String formText() {
    return String.join(
        "\n",
        driver.findElements(By.cssSelector(".fjs-form .fjs-form-field-text")).stream()
            .map(WebElement::getText)
            .toList());
  }

  /** Where the links in the form's text components lead. */
  List<String> formLinks() {
    return driver.findElements(By.cssSelector(".fjs-form .fjs-form-field-text a")).stream()
        .map(link -> link.getAttribute("href"))
        .toList();
  }

  /** Claims the open task; Tasklist enables the form only for the assignee. */
  void claim() {
    driver.findElement(By.cssSelector("button.claim")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.unclaim")));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
  }

  /** Picks the radio button (or ticks the checkbox) with this label. */
  void choose(String label) {
    WebElement option = field(label);
    option.click();
    wait.until(d -> field(label).isSelected());
  }

  /**
   * Types into the text, number or text area field with this label, replacing what is there. Leaves the field
   * (Tab), so that form-js, which debounces typing, takes the value before the next field is touched.
   */
  void fill(String label, String value) {
    field(label).sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
    wait.until(d -> value.equals(field(label).getDomProperty("value")));
  }

  /** The value a field shows. */
  String valueOf(String label) {
    return field(label).getDomProperty("value");
  }

  /** Clicks Complete once the form is valid, and waits until Tasklist has closed the task. */
  void complete() {
    WebElement complete =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']")));
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", complete);
    complete.click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".no-task")));
  }

  /** Opens one of the open task's tabs (Form, History, Diagram, Description, or a plugin's) by its label. */
  void openTaskTab(String label) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//div[@cam-tasklist-task]//ul[contains(@class,'nav-tabs')]//a[normalize-space()='"
                        + label
                        + "']")))
        .click();
  }

  /** What the element of the open task's tab shows, once it has loaded (aria-busy false). */
  String taskTabText(String cssSelector) {
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(cssSelector + "[aria-busy='false']")));
    return driver.findElement(By.cssSelector(cssSelector)).getText();
  }

  /** What the task pane shows when no task is open ("Select a task in the list."). */
  String noTaskMessage() {
    return driver.findElement(By.cssSelector(".no-task")).getText();
  }

  /** Scrolls the task pane back to the task's name and takes the focus off any field, as for a screenshot. */
  void showTaskFromTop() {
    driver.executeScript(
        "document.activeElement.blur(); arguments[0].scrollIntoView({block: 'start'})",
        driver.findElement(By.cssSelector("[cam-tasklist-task] h2")));
  }

  private WebElement completeButton() {
    WebElement complete =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath(
                    "//div[contains(@class,'form-actions')]//button[normalize-space()='Complete']")));
    driver.executeScript("arguments[0].scrollIntoView({block: 'end'})", complete);
    return complete;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private WebElement filterLink(String name) {
    return wait.until(
        d ->
            d.findElements(By.cssSelector(".task-filter h4.name a")).stream()
                .filter(link -> link.getText().strip().startsWith(name))
                .findFirst()
                .orElse(null));
  }

  private WebElement taskLink(String taskId) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.cssSelector("ol.tasks-list li.task h4.task a[href$='task=" + taskId + "']")));
  }

  private void waitForTaskList() {
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[cam-tasks] .loader")));
  }

  /** A form-js input by the text of its label (without the required marker). */
  private WebElement field(String label) {
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
    String id =
        wait.until(
            d ->
                d.findElements(By.cssSelector(".fjs-form label[for]")).stream()
                    .filter(candidate -> candidate.getText().replace("*", "").strip().equals(label))
                    .map(candidate -> candidate.getDomAttribute("for"))
                    .findFirst()
                    .orElse(null));
    return driver.findElement(By.id(id));
  }
}
