package org.decommission.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code decommission.api.max-body} (64 KiB) with 413, before
 * anything reads them: by their Content-Length, or, for a chunked body, once more than that has
 * been read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimit extends OncePerRequestFilter {
  private final long max;

  BodySizeLimit(@Value("${decommission.api.max-body:64KB}") DataSize max) {
    this.max = max.toBytes();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > max) {
      reject(response);
      return;
    }
    try {
      chain.doFilter(new Limited(request, max), response);
    } catch (TooLarge | ServletException e) {
      if (!(e instanceof TooLarge) && !(e.getCause() instanceof TooLarge) && !hasTooLarge(e)) {
        throw e;
      }
      if (!response.isCommitted()) {
        response.reset();
        reject(response);
      }
    }
  }

  private static boolean hasTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooLarge) {
        return true;
      }
    }
    return false;
  }

  private void reject(HttpServletResponse response) throws IOException {
    ProblemHandler.write(response, HttpStatus.CONTENT_TOO_LARGE.value(), "Body too large",
        "request bodies are limited to " + max + " bytes (decommission.api.max-body); nothing was changed");
  }

  /** Thrown when a body without a Content-Length turns out too large. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("request body too large");
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long max;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0 && ++read > max) {
            throw new TooLarge();
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
          int n = in.read(buffer, off, len);
          if (n > 0 && (read += n) > max) {
            throw new TooLarge();
          }
          return n;
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
