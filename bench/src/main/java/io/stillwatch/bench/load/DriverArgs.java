package io.stillwatch.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The load drivers' command line: {@code --name value} options and repeated {@code -H name:value} headers. */
record DriverArgs(Map<String, String> opts, List<String[]> headers) {
    /** Parses {@code args} from index {@code from} on (a mode name may come before). */
    static DriverArgs parse(String[] args, int from) {
        DriverArgs a = new DriverArgs(new HashMap<>(), new ArrayList<>());
        for (int i = from; i + 1 < args.length; i += 2) {
            if ("-H".equals(args[i])) {
                String[] kv = args[i + 1].split(":", 2);
                a.headers.add(new String[] {kv[0].trim(), kv[1].trim()});
            } else {
                a.opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
        }
        return a;
    }

    boolean has(String name) {
        return opts.containsKey(name);
    }

    String require(String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    int intOpt(String name, int dflt) {
        return has(name) ? Integer.parseInt(opts.get(name)) : dflt;
    }
}
