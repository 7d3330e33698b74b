package io.releasedesk.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, from {@code RELEASEDESK_ADMIN_USER} and {@code RELEASEDESK_ADMIN_PASSWORD}. Used only to
 * create the user if it does not exist; afterwards the password is changed in Camunda Admin.
 */
@ConfigurationProperties("releasedesk.admin")
public record AdministratorProperties(String user, String password) {

  /** Never shows the password, wherever the properties end up being printed. */
  @Override
  public String toString() {
    return "AdministratorProperties[user="
        + user
        + ", password="
        + (password == null ? "unset" : "******")
        + "]";
  }
}
