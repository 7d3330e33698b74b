package io.releasedesk.reminders;

import org.springframework.stereotype.Component;

/**
 * The notification steps' delegate in the application's tests, until the notification delegate itself is part of
 * Release Desk: records what the release asked to be sent.
 */
@Component("notify")
class NotificationsInTests extends RecordedNotifications {}
