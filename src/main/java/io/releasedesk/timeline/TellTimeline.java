package io.releasedesk.timeline;

import static io.releasedesk.release.ReleaseProcess.Variables.RELEASE_TIMELINE;

import io.releasedesk.engine.EnteredText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * When the retrospective opens, puts the release's timeline into the task, one line per entry in words (when, who,
 * what), so that the form shows what happened. It is the task's own variable ({@code releaseTimeline}), at most what a
 * text variable holds; a longer timeline is cut with a line that says how many entries the Release tab shows more.
 */
@Component
public class TellTimeline implements TaskListener {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ReleaseTimeline timeline;

  public TellTimeline(ReleaseTimeline timeline) {
    this.timeline = timeline;
  }

  @Override
  public void notify(DelegateTask task) {
    task.setVariableLocal(
        RELEASE_TIMELINE.getName(), told(timeline.entriesOf(task.getProcessInstanceId())));
  }

  /** Markdown list of the entries, within {@link EnteredText#MAX_LENGTH} characters. */
  static String told(List<ReleaseTimeline.Entry> entries) {
    var text = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      var entry = entries.get(i);
      String line =
          "- "
              + WHEN.format(entry.at())
              + (entry.who() == null ? "" : " · " + entry.who())
              + " · "
              + entry.what().replace('\n', ' ')
              + "\n";
      String more =
          "- … and " + (entries.size() - i) + " more: the Release tab shows the whole timeline\n";
      if (text.length() + line.length() + more.length() > EnteredText.MAX_LENGTH) {
        text.append(more);
        break;
      }
      text.append(line);
    }
    return text.toString().strip();
  }
}
