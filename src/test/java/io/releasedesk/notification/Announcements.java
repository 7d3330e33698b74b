package io.releasedesk.notification;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.releasedesk.notification.Deliveries.DeliveryKey;
import java.util.List;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

/**
 * The {@code notify} delegate of the process tests: the real one, announcing to a recorder instead of mail servers and
 * chats, so that a test sees which milestones a release announced, in order.
 */
public final class Announcements {

  private final Notifications notifications = mock(Notifications.class);

  private Announcements() {}

  /** Registers {@code notify} for the models of a process test. */
  public static Announcements register() {
    var announcements = new Announcements();
    Mocks.register("notify", new Notify(announcements.notifications));
    return announcements;
  }

  /** The occasions announced so far, in order. */
  public List<Occasion> occasions() {
    if (Mockito.mockingDetails(notifications).getInvocations().isEmpty()) {
      return List.of();
    }
    var occasions = ArgumentCaptor.forClass(Occasion.class);
    verify(notifications, atLeast(0)).announce(occasions.capture(), any(DeliveryKey.class));
    return occasions.getAllValues();
  }

  /** The milestones announced so far, in order, as the models name them. */
  public List<String> milestones() {
    return occasions().stream().map(occasion -> occasion.milestone().id()).toList();
  }

  /** The recorder itself, to make an announcement fail. */
  public Notifications notifications() {
    return notifications;
  }
}
