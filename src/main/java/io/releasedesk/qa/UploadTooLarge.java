package io.releasedesk.qa;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** An upload beyond the multipart limits is refused with words, before anything is read. */
@RestControllerAdvice
class UploadTooLarge {

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "The upload is larger than the server "
            + "takes (spring.servlet.multipart.max-file-size and max-request-size); nothing was stored");
  }
}
