package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The two wire dialects the gateway speaks. Each error the gateway produces is rendered in the
 * caller's dialect, so the official client libraries raise their own exception types:
 * OpenAI {@code {"error":{"message","type","param","code"}}}, Anthropic
 * {@code {"type":"error","error":{"type","message"}}}; mid-stream, OpenAI's SSE
 * {@code data: {"error":{...}}} and Anthropic's {@code event: error}.
 */
enum ApiFlavor {
    OPENAI, ANTHROPIC;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The error body for an HTTP status; {@code param} names the offending field (OpenAI only), may be null. */
    String errorBody(int status, String message, String param) {
        ObjectNode root = JSON.createObjectNode();
        if (this == OPENAI) {
            ObjectNode e = root.putObject("error");
            e.put("message", message);
            e.put("type", openAiType(status));
            if (param == null) {
                e.putNull("param");
            } else {
                e.put("param", param);
            }
            String code = openAiCode(status);
            if (code == null) {
                e.putNull("code");
            } else {
                e.put("code", code);
            }
        } else {
            root.put("type", "error");
            ObjectNode e = root.putObject("error");
            e.put("type", anthropicType(status));
            e.put("message", message);
        }
        return root.toString();
    }

    /** One SSE event that reports a failure after the stream has started. */
    String streamErrorEvent(int status, String message) {
        String data = errorBody(status, message, null);
        return this == OPENAI ? "data: " + data + "\n\n" : "event: error\ndata: " + data + "\n\n";
    }

    private static String openAiType(int status) {
        return switch (status) {
            case 401 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 404 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String openAiCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_exceeded";
            case 502 -> "upstream_error";
            case 504 -> "upstream_timeout";
            default -> null;
        };
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
