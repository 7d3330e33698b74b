package io.releasedesk.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks user name and password against Camunda's identity service, so that the people and groups of Tasklist and
 * Cockpit are the people and groups of the APIs. After repeated wrong passwords from one address, that address waits
 * a while before its passwords for that user are checked again ({@link LoginThrottle}).
 */
@Component
public class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  /** Prefix of the authorities that stand for Camunda groups. */
  public static final String GROUP_PREFIX = "GROUP_";

  private final IdentityService identityService;
  private final LoginThrottle throttle;

  public CamundaIdentityAuthenticationProvider(
      IdentityService identityService, LoginThrottle throttle) {
    this.identityService = identityService;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    Object password = authentication.getCredentials();
    if (userId == null || userId.isBlank() || !(password instanceof String text)) {
      throw new BadCredentialsException("Wrong user name or password");
    }
    LoginThrottle.currentSource()
        .flatMap(source -> throttle.waitFor(source, userId))
        .ifPresent(
            wait -> {
              throw new LoginThrottledException(userId, wait);
            });
    if (!identityService.checkPassword(userId, text)) {
      throw new BadCredentialsException("Wrong user name or password");
    }
    List<SimpleGrantedAuthority> groups =
        identityService.createGroupQuery().groupMember(userId).list().stream()
            .map(group -> new SimpleGrantedAuthority(GROUP_PREFIX + group.getId()))
            .toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, groups);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
