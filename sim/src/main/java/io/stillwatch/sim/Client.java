package io.stillwatch.sim;

/**
 * The software an account calls the API with: which API and user agent, which API keys, how often it
 * streams, and which model it asks for. After {@code adoptAt} a share {@code adoptShare} of its
 * requests go to the newly released model (early adopters, the release chaser).
 */
record Client(boolean anthropic, String ua, String[] keys, double streamShare, String[] models, String newModel,
        long adoptAt, double adoptShare) {

    void apply(Actor a, Call c) {
        c.anthropic = anthropic;
        c.ua = ua;
        c.keyIndex = keys.length == 1 ? 0 : a.rng.nextInt(keys.length);
        c.key = keys[c.keyIndex];
        c.stream = streamShare > 0 && a.rng.nextDouble() < streamShare;
        if (c.model == null) {
            if (newModel != null && c.ts >= adoptAt && a.rng.nextDouble() < adoptShare) {
                c.model = newModel;
            } else {
                c.model = models[models.length == 1 ? 0 : a.rng.nextInt(models.length)];
            }
        }
        if (c.model.startsWith("o") && c.reasoningEffort == null && !anthropic) {
            c.reasoningEffort = "medium";
        }
    }
}
