package io.stillwatch.gateway;

import io.stillwatch.model.Apis;
import io.netty.handler.codec.http.HttpMethod;

/** The API operations the gateway serves, with the exchange log's {@code api} value for each. */
enum Endpoint {
    OPENAI_CHAT(HttpMethod.POST, "/v1/chat/completions", ApiFlavor.OPENAI, Apis.OPENAI_CHAT_COMPLETIONS),
    OPENAI_MODELS(HttpMethod.GET, "/v1/models", ApiFlavor.OPENAI, "openai.models"),
    ANTHROPIC_MESSAGES(HttpMethod.POST, "/v1/messages", ApiFlavor.ANTHROPIC, Apis.ANTHROPIC_MESSAGES),
    ANTHROPIC_COUNT_TOKENS(HttpMethod.POST, "/v1/messages/count_tokens", ApiFlavor.ANTHROPIC,
            "anthropic.messages.count_tokens");

    final HttpMethod method;
    final String path;
    final ApiFlavor flavor;
    final String api;

    Endpoint(HttpMethod method, String path, ApiFlavor flavor, String api) {
        this.method = method;
        this.path = path;
        this.flavor = flavor;
        this.api = api;
    }

    boolean hasBody() {
        return method == HttpMethod.POST;
    }

    static Endpoint find(HttpMethod method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Endpoint e : values()) {
            if (e.path.equals(p) && e.method.equals(method)) {
                return e;
            }
        }
        return null;
    }

    /** The dialect to answer an unknown path in: Anthropic's under /v1/messages, OpenAI's elsewhere. */
    static ApiFlavor flavorFor(String path) {
        return path.startsWith("/v1/messages") || path.startsWith("/v1/complete") ? ApiFlavor.ANTHROPIC : ApiFlavor.OPENAI;
    }
}
