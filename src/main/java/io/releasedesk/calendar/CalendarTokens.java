package io.releasedesk.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tokens that let a calendar client read one person's release calendar without their password, in Release Desk's
 * table {@code rd_calendar_token}. A token is its id (32 hex digits) followed by its secret (64 hex digits, 256 random
 * bits); only the SHA-256 of the secret is stored, and a presented secret is compared with it in constant time.
 */
@Repository
public class CalendarTokens {

  static final int ID_LENGTH = 32;
  static final int SECRET_BYTES = 32;
  static final int MAX_TOKENS = 100;

  /** A token as its owner sees it in the list: never its secret. */
  public record Token(String id, Instant createdAt) {}

  /** A token just created: the only time its secret is known. */
  public record Created(String id, Instant createdAt, String token) {}

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Compared with when a token's id is unknown, so that an unknown id takes as long as a wrong secret. */
  private static final byte[] NO_HASH = new byte[32];

  private final JdbcClient jdbc;

  public CalendarTokens(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Created create(String userId, Instant now) {
    String id = HEX.formatHex(random(ID_LENGTH / 2));
    String secret = HEX.formatHex(random(SECRET_BYTES));
    jdbc.sql(
            "insert into rd_calendar_token (id, user_id, secret_hash, created_at) values (?, ?, ?, ?)")
        .params(id, userId, HEX.formatHex(sha256(secret)), now.atOffset(ZoneOffset.UTC))
        .update();
    return new Created(id, now, id + secret);
  }

  public List<Token> of(String userId) {
    return jdbc.sql(
            "select id, created_at from rd_calendar_token where user_id = ? order by created_at, id"
                + " offset 0 rows fetch next ? rows only")
        .params(userId, MAX_TOKENS)
        .query(
            (rs, n) ->
                new Token(
                    rs.getString("id"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  /** Revokes one of the user's tokens; false if the user has none of this id. */
  public boolean revoke(String userId, String id) {
    return jdbc.sql("delete from rd_calendar_token where id = ? and user_id = ?")
            .params(id, userId)
            .update()
        > 0;
  }

  /** Whose token this is, if it is a token that was created and not revoked. */
  public Optional<String> owner(String token) {
    if (token == null
        || token.length() != ID_LENGTH + 2 * SECRET_BYTES
        || !token.chars().allMatch(HexFormat::isHexDigit)) {
      return Optional.empty();
    }
    String id = token.substring(0, ID_LENGTH).toLowerCase(java.util.Locale.ROOT);
    byte[] presented = sha256(token.substring(ID_LENGTH).toLowerCase(java.util.Locale.ROOT));
    record Stored(String userId, String hash) {}
    Optional<Stored> stored =
        jdbc.sql("select user_id, secret_hash from rd_calendar_token where id = ?")
            .param(id)
            .query((rs, n) -> new Stored(rs.getString("user_id"), rs.getString("secret_hash")))
            .optional();
    byte[] expected = stored.map(row -> HEX.parseHex(row.hash())).orElse(NO_HASH);
    boolean matches = MessageDigest.isEqual(expected, presented);
    return stored.filter(row -> matches).map(Stored::userId);
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
