package io.releasedesk.engine;

import jakarta.ws.rs.ForbiddenException;

/**
 * Someone may not write this comment (see {@link CommentsAreEvidence}). Unlike the engine's refusals, this one is not
 * an engine exception: the engine REST API (and Tasklist's API, built on it) answers every engine exception of
 * {@code POST /task/{id}/comment/create} with 400 "Not enough parameters submitted", which would hide the rule. As an
 * HTTP refusal it reaches people as 403 with its own words, through both APIs; a Java caller gets it as it is.
 */
public class CommentNotAllowedException extends ForbiddenException {

  public CommentNotAllowedException(String message) {
    super(message);
  }
}
