package io.stillwatch.sim.text;

import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's word lists and slots. Kept in one place so that templates in every family draw
 * from the same vocabulary: benign and campaign prompts overlap in topic by construction.
 */
public final class Lexicon {
    public static final Map<String, Slot> SLOTS = new HashMap<>();

    private static void put(String name, Slot slot) {
        SLOTS.put(name, slot);
    }

    private static void words(String name, String... values) {
        put(name, Slot.words(values));
    }

    static {
        words("lang", "Python", "TypeScript", "Go", "Rust", "Java", "C++", "Kotlin", "JavaScript", "C#", "SQL", "Bash");
        words("lib", "pandas", "React", "Django", "FastAPI", "Spring Boot", "tokio", "numpy", "Express", "PyTorch",
                "SQLAlchemy", "Next.js", "Flask", "gRPC", "Kafka Streams", "Redis");
        words("codetask", "parses a CSV file and returns the rows grouped by date",
                "merges two sorted linked lists", "validates an e-mail address without a regex",
                "computes the longest common subsequence of two strings", "retries an HTTP call with exponential backoff",
                "deduplicates records by a composite key", "implements an LRU cache with O(1) operations",
                "reads a large log file line by line and counts errors per hour",
                "converts a nested JSON object into flat dotted keys", "finds all cycles in a directed graph",
                "rate-limits calls with a token bucket", "paginates results from a REST API",
                "serialises a binary tree to a string and back", "checks whether a string is a valid IPv4 address",
                "schedules jobs with dependencies in topological order", "computes a rolling median over a stream",
                "resizes images in a folder in parallel", "diffs two directory trees",
                "implements Dijkstra's shortest path on a weighted graph", "tokenizes arithmetic expressions and evaluates them");
        words("bug", "a NullPointerException", "an off-by-one error", "a race condition", "a memory leak",
                "a deadlock under load", "a timezone bug", "an infinite loop", "a stack overflow on deep input",
                "wrong results for negative numbers", "a 500 error on empty input", "a flaky test");
        words("file", "src/main.py", "app/server.ts", "internal/store/store.go", "src/lib.rs", "pkg/api/handler.go",
                "services/billing.py", "src/components/Table.tsx", "core/src/Parser.java", "scripts/deploy.sh",
                "tests/test_utils.py", "src/db/migrations.sql", "lib/cache.rb");
        words("concept", "recursion", "gradient descent", "the CAP theorem", "public-key cryptography", "inflation",
                "photosynthesis", "Bayes' theorem", "the French Revolution", "compound interest", "entropy",
                "the immune system", "supply and demand", "black holes", "transformers in machine learning",
                "the Krebs cycle", "monads", "database indexing", "plate tectonics", "the electoral college",
                "quantum entanglement", "opportunity cost", "TCP congestion control");
        words("audience", "a ten-year-old", "a beginner", "my grandmother", "a first-year student", "an expert",
                "a product manager", "someone with no background", "a busy executive");
        words("doc", "email to my landlord about a broken heater", "cover letter for a data analyst job",
                "toast for my sister's wedding", "product description for handmade candles",
                "LinkedIn post about our new release", "complaint to an airline about lost luggage",
                "short story about a lighthouse keeper", "birthday message for a colleague",
                "newsletter intro for a running club", "apology email for a missed deadline",
                "grant abstract on soil microbiology", "README for a small CLI tool");
        words("tone", "formal", "friendly", "concise", "persuasive", "funny", "warm", "professional", "casual");
        words("city", "Lisbon", "Kyoto", "Mexico City", "Berlin", "Toronto", "Seoul", "Cape Town", "Buenos Aires",
                "Istanbul", "Hanoi", "Prague", "Melbourne", "Marrakesh", "Oslo");
        words("food", "chickpeas", "leftover rice", "salmon", "tofu", "spinach and feta", "lentils", "chicken thighs",
                "mushrooms", "sweet potatoes", "eggs and bread");
        words("subject", "organic chemistry", "linear algebra", "macroeconomics", "European history",
                "statistics", "Spanish grammar", "thermodynamics", "discrete mathematics", "cell biology");
        words("sensitive", "how to pick a lock", "how phishing e-mails trick people", "how a specific poison affects the body",
                "how to bypass a website paywall", "how malware persists on a machine", "how to make a fake ID",
                "how to access someone's e-mail account", "how explosives are made", "how to evade taxes",
                "how to synthesise a controlled substance", "how to stalk someone online", "how to cheat a drug test");
        words("domain", "competition mathematics", "formal logic", "physics word problems", "probability puzzles",
                "algorithm design", "code review", "agentic tool use", "multi-step planning", "data analysis",
                "theorem proving", "chemistry", "constrained scheduling");
        words("tool", "read_file", "write_file", "run_shell", "search_code", "list_dir", "apply_patch", "run_tests",
                "http_get", "query_db", "git_diff");
        words("name", "Alex", "Maria", "Wei", "Aisha", "Lukas", "Sofia", "Kenji", "Priya", "Omar", "Emma", "Diego",
                "Hana", "Noah", "Fatima", "Ivan", "Chloe");
        words("product", "savings account", "credit card", "mortgage", "debit card", "wire transfer", "mobile app login",
                "overdraft protection", "travel notice", "card PIN", "direct deposit");
        put("n", Slot.number(2, 60));
        put("big", Slot.number(100, 9999));
        put("pct", Slot.number(3, 45));
        put("year", Slot.number(1850, 2024));
        put("math", Slot.oneOf(
                Phrase.of("A train leaves at {n}:00 travelling {n} km/h; a second train leaves {n} minutes later at {big} m/min. "
                        + "When does the second catch up?", SLOTS),
                Phrase.of("Find all real x such that x^2 - {n}x + {n} = 0.", SLOTS),
                Phrase.of("A bag has {n} red and {n} blue marbles. Two are drawn without replacement. "
                        + "What is the probability both are red?", SLOTS),
                Phrase.of("What is the sum of all positive divisors of {big}?", SLOTS),
                Phrase.of("If a price rises by {pct}% and then falls by {pct}%, what is the net change?", SLOTS),
                Phrase.of("How many ways can {n} people sit around a round table if two of them refuse to sit together?", SLOTS),
                Phrase.of("Prove that the sum of the first {n} odd numbers is a perfect square.", SLOTS),
                Phrase.of("Compute the remainder when {big}^{n} is divided by {n}.", SLOTS),
                Phrase.of("A rectangle has perimeter {big} and area {big}. Find its side lengths.", SLOTS),
                Phrase.of("Solve the system: {n}x + {n}y = {big}, {n}x - y = {n}.", SLOTS)));
        put("puzzle", Slot.oneOf(
                Phrase.of("Three boxes are labelled apples, oranges and mixed, and every label is wrong. "
                        + "You may draw one fruit from one box. How do you relabel them?", SLOTS),
                Phrase.of("{name} is taller than {name}, who is shorter than {name}. Who is the tallest, if anyone can be determined?", SLOTS),
                Phrase.of("A farmer must ferry a wolf, a goat and a cabbage across a river in a boat that holds one item. How?", SLOTS),
                Phrase.of("If all bloops are razzies and some razzies are lazzies, must some bloops be lazzies?", SLOTS),
                Phrase.of("You have {n} coins and one is counterfeit and lighter. What is the fewest weighings on a balance to find it?", SLOTS),
                Phrase.of("Schedule {n} meetings into {n} rooms so that no person attends two meetings at once, given the conflicts below.", SLOTS)));
        put("snippet", Slot.oneOf(
                Phrase.of("def process(items):\n    result = \\[\\]\n    for i in range(len(items) + 1):\n        result.append(items\\[i\\] * {n})\n    return result", SLOTS),
                Phrase.of("function total(xs) \\{\n  let s = 0;\n  xs.forEach(x => \\{ s += x.price * x.qty \\});\n  return s.toFixed({n});\n\\}", SLOTS),
                Phrase.of("func (s *Store) Get(id string) (*Item, error) \\{\n\ts.mu.Lock()\n\titem := s.items\\[id\\]\n\treturn item, nil\n\\}", SLOTS),
                Phrase.of("SELECT user_id, COUNT(*) FROM orders WHERE created_at > now() - interval '{n} days' GROUP BY 1 HAVING COUNT(*) > {n};", SLOTS),
                Phrase.of("fn parse(s: &str) -> Vec<u32> \\{\n    s.split(',').map(\\|x\\| x.trim().parse().unwrap()).collect()\n\\}", SLOTS),
                Phrase.of("public int find(int\\[\\] a, int k) \\{\n    int lo = 0, hi = a.length;\n    while (lo < hi) \\{ int mid = (lo + hi) / 2; if (a\\[mid\\] < k) lo = mid; else hi = mid; \\}\n    return lo;\n\\}", SLOTS)));
    }

    private Lexicon() {
    }

    /** Compiles a template against the shared slots. */
    public static Phrase phrase(String template) {
        return Phrase.of(template, SLOTS);
    }

    public static Phrase[] phrases(String... templates) {
        Phrase[] out = new Phrase[templates.length];
        for (int i = 0; i < templates.length; i++) {
            out[i] = phrase(templates[i]);
        }
        return out;
    }
}
