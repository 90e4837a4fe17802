package io.stillwatch.gateway.mock;

/**
 * Faults a test asks the mock for, from the {@code x-mock-fault} header: a comma-separated list of
 * {@code status=CODE} (answer with that error status), {@code slow-first-byte=MS} (wait before the
 * response head), {@code disconnect-after=N} (drop the connection after N stream events; 0 = before
 * any response) and {@code stall-after=N} (stop sending after N events but keep the connection).
 */
record MockFault(int status, long slowFirstByteMs, int disconnectAfter, int stallAfter) {
    static final MockFault NONE = new MockFault(0, 0, -1, -1);

    static MockFault parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        int status = 0;
        long slow = 0;
        int disconnect = -1;
        int stall = -1;
        for (String part : header.split("[,;]")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("x-mock-fault: '" + part.trim() + "' (expected name=value)");
            }
            long value;
            try {
                value = Long.parseLong(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("x-mock-fault: '" + part.trim() + "' (expected an integer value)");
            }
            switch (kv[0].trim()) {
                case "status" -> {
                    if (value < 400 || value > 599) {
                        throw new IllegalArgumentException("x-mock-fault status: " + value + " (expected 400-599)");
                    }
                    status = (int) value;
                }
                case "slow-first-byte" -> slow = Math.max(0, value);
                case "disconnect-after" -> disconnect = (int) Math.max(0, value);
                case "stall-after" -> stall = (int) Math.max(0, value);
                default -> throw new IllegalArgumentException("x-mock-fault: unknown fault '" + kv[0].trim()
                        + "' (expected status, slow-first-byte, disconnect-after or stall-after)");
            }
        }
        return new MockFault(status, slow, disconnect, stall);
    }
}
