package org.decommission.api;

import java.util.List;
import org.decommission.domain.SpecValidator;
import org.springframework.http.HttpStatus;

/** An error the API answers with as an RFC 9457 problem document. */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String title;
  private final List<SpecValidator.FieldError> fieldErrors;

  public ApiException(HttpStatus status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  public ApiException(HttpStatus status, String title, String detail, List<SpecValidator.FieldError> fieldErrors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.fieldErrors = fieldErrors;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<SpecValidator.FieldError> fieldErrors() {
    return fieldErrors;
  }

  public static ApiException notFound(String id) {
    return new ApiException(HttpStatus.NOT_FOUND, "Deployment not found", "no deployment " + id + " is visible to you");
  }

  public static ApiException conflict(String title, String detail) {
    return new ApiException(HttpStatus.CONFLICT, title, detail);
  }
}
