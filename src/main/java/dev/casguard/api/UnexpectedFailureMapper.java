package dev.casguard.api;

import dev.casguard.domain.Refusal;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Last line: a database that does not answer is 503 UNAVAILABLE, a unique-constraint race is 409,
 * anything else 500 without a stack trace in the response. Logs carry the exception class and
 * message only; bind values are never logged by the persistence layer.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return ProblemResponse.of(refusal);
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("23505")) {
                    return ProblemResponse.of(ProblemCode.ALREADY_EXISTS, "the name is already taken");
                }
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
                    return unavailable(failure);
                }
            }
            if (cause instanceof SQLTransientConnectionException || isPoolExhaustion(cause) || thrownByThePool(cause)) {
                return unavailable(failure);
            }
        }
        if (mentionsConnectionFailure(failure)) {
            return unavailable(failure);
        }
        return internal(failure);
    }

    static Response internal(Throwable failure) {
        // no message: it may quote the request's input
        LOG.log(Level.SEVERE, "unexpected failure: {0} at {1}", new Object[] {failure.getClass().getName(), whereFrom(failure)});
        return ProblemResponse.of(ProblemCode.INTERNAL, "unexpected failure; the server log has details");
    }

    /**
     * Where the innermost cause was thrown: class, method and line of its top frames, enough to find
     * the bug; never the causes' messages, which may quote input.
     */
    static String whereFrom(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder frames = new StringBuilder(root.getClass().getName());
        StackTraceElement[] stack = root.getStackTrace();
        for (int i = 0; i < Math.min(12, stack.length); i++) {
            frames.append(" < ").append(stack[i].getClassName()).append('.').append(stack[i].getMethodName())
                    .append(':').append(stack[i].getLineNumber());
        }
        return frames.toString();
    }

    private static Response unavailable(Throwable failure) {
        LOG.log(Level.WARNING, "database unavailable: {0}", failure.getClass().getName());
        return ProblemResponse.of(ProblemCode.UNAVAILABLE, "the database is unavailable; retry later");
    }

    private static boolean isPoolExhaustion(Throwable cause) {
        String name = cause.getClass().getName();
        return name.endsWith("PoolingException") || name.endsWith("ResourceException");
    }

    /**
     * Payara 6.2025.10's pool can fail in its own bookkeeping while it drops every connection to a
     * database that went away (IllegalStateException "Task already scheduled or cancelled" from
     * ConnectionPool.scheduleResizerTask, seen once in ClusterFaultsIT's restart): a failure thrown
     * inside the pool while handing out a connection is the database being away all the same.
     */
    private static boolean thrownByThePool(Throwable cause) {
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (frame.getClassName().equals("com.sun.enterprise.resource.pool.ConnectionPool")) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Error in allocating a connection") || message.contains("Connection refused")
                    || message.contains("This connection has been closed")) {
                return true;
            }
        }
        return false;
    }
}
