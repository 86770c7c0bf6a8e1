package dev.casguard.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The WAR's error page (WEB-INF/web.xml) for every error status: errors the servlet container
 * raises itself inside this application, before or outside JAX-RS (Jersey refusing a Content-Type
 * or Accept header it cannot parse, or a request URI it cannot build; the default servlet's 404
 * for a path that normalises out of /api), would otherwise be Payara's HTML error page.
 */
public class ProblemErrorPage extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code ? code : HttpServletResponse.SC_NOT_FOUND;
        ProblemCode code = codeFor(status);
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null) {
            UnexpectedFailureMapper.internal((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        String body = ProblemResponse.body(code, status, detailFor(status, code));
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"casguard\"");
        }
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    static ProblemCode codeFor(int status) {
        return switch (status) {
            case 401 -> ProblemCode.UNAUTHENTICATED;
            case 403 -> ProblemCode.FORBIDDEN;
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCode.NOT_ACCEPTABLE;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemCode.UNAVAILABLE;
            default -> status >= 500 ? ProblemCode.INTERNAL : ProblemCode.VALIDATION_FAILED;
        };
    }

    private static String detailFor(int status, ProblemCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> "malformed request: a header, the path or the query could not be read";
            case NOT_FOUND -> "no such resource";
            case INTERNAL -> "unexpected failure; the server log has details";
            default -> code.title().toLowerCase(java.util.Locale.ROOT) + " (" + status + ")";
        };
    }
}
