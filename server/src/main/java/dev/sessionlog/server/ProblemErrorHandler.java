package dev.sessionlog.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds before a request reaches the API (a malformed request line, an
 * ambiguous path, headers over the limit) with a problem document too, so that every error a
 * client sees is RFC 9457.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object status = request.getAttribute(ERROR_STATUS);
        int code = status instanceof Integer value ? value : 500;
        ApiProblem problem = switch (code) {
            case 413 -> ApiProblem.of("payload-too-large", 413, "Payload too large", "the request is too large");
            case 414, 431 -> ApiProblem.of("bad-request", code, "Request too large",
                    "the request line or headers are larger than this server accepts");
            case 400 -> ApiProblem.badRequest("the request is malformed (its line, path or headers)");
            default -> ApiProblem.of(code >= 500 ? "internal-error" : "bad-request", code, "HTTP " + code,
                    "the request could not be handled");
        };
        ApiHandler.problem(response, callback, problem);
        return true;
    }
}
