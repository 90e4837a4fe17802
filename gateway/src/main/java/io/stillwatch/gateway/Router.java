package io.stillwatch.gateway;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Picks the upstream for a model: the first route whose glob matches, in configuration order. */
final class Router {
    private record Compiled(Pattern pattern, Upstream upstream) {
    }

    private final List<Compiled> routes;

    Router(List<Route> routes) {
        this.routes = routes.stream().map(r -> new Compiled(r.pattern(), r.upstream())).toList();
    }

    Optional<Upstream> route(String model) {
        for (Compiled c : routes) {
            if (c.pattern.matcher(model).matches()) {
                return Optional.of(c.upstream);
            }
        }
        return Optional.empty();
    }

    /** The upstreams of the routes, each once, in route order (the model listing asks each). */
    List<Upstream> upstreams() {
        List<Upstream> out = new java.util.ArrayList<>();
        for (Compiled c : routes) {
            if (out.stream().noneMatch(u -> u == c.upstream)) {
                out.add(c.upstream);
            }
        }
        return out;
    }
}
