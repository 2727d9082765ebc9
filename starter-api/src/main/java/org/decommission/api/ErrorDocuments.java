package org.decommission.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Problem documents for the errors that never reach a controller: those the servlet container
 * forwards to {@code /error} (an unsupported method such as TRACE), those Spring Security's
 * firewall rejects (a ';' in the path), and those Tomcat's connector rejects itself (an encoded
 * '/' or a NUL in the path). Without this they would be HTML or Boot's own JSON.
 */
@RestController
class ErrorDocuments implements ErrorController {
  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c) : HttpStatus.INTERNAL_SERVER_ERROR;
    String detail = status.is5xxServerError()
        ? "the request failed unexpectedly; nothing was confirmed. Check the server log and retry."
        : "the request was refused: " + status.getReasonPhrase();
    return ResponseEntity.status(status).body(ProblemHandler.problem(status, status.getReasonPhrase(), detail));
  }

  @Bean
  static RequestRejectedHandler requestRejectedHandler() {
    return (request, response, rejected) ->
        ProblemHandler.write(response, 400, "Bad request", "the request was refused: " + rejected.getMessage());
  }

  @Bean
  static WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
    return factory -> factory.addContextCustomizers(
        context -> ((org.apache.catalina.core.StandardHost) context.getParent()).setErrorReportValveClass(ProblemReportValve.class.getName()));
  }

  /** Tomcat's own error report, as a problem document instead of an HTML page. */
  public static class ProblemReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      try {
        response.resetBuffer();
        HttpStatus known = HttpStatus.resolve(status);
        ProblemHandler.write(response, status, known == null ? "Error" : known.getReasonPhrase(),
            "the request was refused before it reached the API (" + (known == null ? status : known.getReasonPhrase()) + ")");
        response.finishResponse();
      } catch (IOException | IllegalStateException e) {
        // The client went away; nothing more to say.
      }
    }
  }
}
