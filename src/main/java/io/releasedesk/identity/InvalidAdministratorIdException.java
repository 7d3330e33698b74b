package io.releasedesk.identity;

/** RELEASEDESK_ADMIN_USER names an id that breaks {@link PeopleIds}' rule. */
public class InvalidAdministratorIdException extends IllegalStateException {

  public InvalidAdministratorIdException(String id) {
    super(
        "RELEASEDESK_ADMIN_USER '"
            + id
            + "' is not a user id Release Desk accepts: "
            + PeopleIds.RULE);
  }
}
