package io.stillwatch.sim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;

/**
 * A set of tool definitions, pre-rendered once in both APIs' shapes (OpenAI {@code tools[].function}
 * with {@code parameters}; Anthropic {@code tools[]} with {@code input_schema}) and written raw into
 * every request that carries it. Shared tool schemas are one of the traces a campaign leaves.
 */
record ToolSet(String name, List<Tool> tools, String openAi, String anthropic) {

    record Tool(String name, String description, String schemaJson) {
    }

    static ToolSet of(String name, List<Tool> tools) {
        StringBuilder o = new StringBuilder("[");
        StringBuilder a = new StringBuilder("[");
        for (int i = 0; i < tools.size(); i++) {
            Tool t = tools.get(i);
            String desc = new String(JsonStringEncoder.getInstance().quoteAsString(t.description()));
            if (i > 0) {
                o.append(',');
                a.append(',');
            }
            o.append("{\"type\":\"function\",\"function\":{\"name\":\"").append(t.name()).append("\",\"description\":\"")
                    .append(desc).append("\",\"parameters\":").append(t.schemaJson()).append("}}");
            a.append("{\"name\":\"").append(t.name()).append("\",\"description\":\"").append(desc)
                    .append("\",\"input_schema\":").append(t.schemaJson()).append('}');
        }
        return new ToolSet(name, List.copyOf(tools), o.append(']').toString(), a.append(']').toString());
    }

    String toolName(int i) {
        return tools.get(i).name();
    }

    int size() {
        return tools.size();
    }

    static String objectSchema(String... propsAndTypes) {
        StringBuilder sb = new StringBuilder("{\"type\":\"object\",\"properties\":{");
        StringBuilder req = new StringBuilder();
        for (int i = 0; i < propsAndTypes.length; i += 2) {
            if (i > 0) {
                sb.append(',');
                req.append(',');
            }
            sb.append('"').append(propsAndTypes[i]).append("\":{\"type\":\"").append(propsAndTypes[i + 1]).append("\"}");
            req.append('"').append(propsAndTypes[i]).append('"');
        }
        return sb.append("},\"required\":[").append(req).append("]}").toString();
    }

    /** A coding agent's tools, as open-source coding assistants define them. */
    static final ToolSet CODING_AGENT = of("coding-agent", List.of(
            new Tool("read_file", "Read a file from the repository. Returns its contents with line numbers.",
                    objectSchema("path", "string")),
            new Tool("write_file", "Create or overwrite a file in the repository.",
                    objectSchema("path", "string", "content", "string")),
            new Tool("run_shell", "Run a shell command in the repository root and return stdout and stderr.",
                    objectSchema("command", "string", "timeout_s", "integer")),
            new Tool("search_code", "Search the repository with a regular expression.",
                    objectSchema("pattern", "string", "glob", "string"))));

    /** The popular open-source tool's own tool set (its users all send exactly this). */
    static final ToolSet OSS_TOOL = of("patchwork", List.of(
            new Tool("view", "View a file or directory. For files, shows numbered lines; for directories, lists entries.",
                    objectSchema("path", "string")),
            new Tool("str_replace", "Replace exactly one occurrence of old_str with new_str in the file at path.",
                    objectSchema("path", "string", "old_str", "string", "new_str", "string")),
            new Tool("bash", "Execute a bash command. Long-running commands should be run in the background.",
                    objectSchema("command", "string")),
            new Tool("finish", "Call when the task is complete, with a summary of the changes.",
                    objectSchema("summary", "string"))));

    /** Generic agent orchestration tools (web, code execution, sub-agents). */
    static final ToolSet ORCHESTRATION = of("orchestration", List.of(
            new Tool("web_search", "Search the web and return the top results.", objectSchema("query", "string")),
            new Tool("python", "Execute Python code in a sandbox and return the output.", objectSchema("code", "string")),
            new Tool("spawn_agent", "Delegate a subtask to a worker agent and wait for its result.",
                    objectSchema("task", "string", "tools", "array")),
            new Tool("read_file", "Read a file from the workspace.", objectSchema("path", "string"))));

    /** The stealth campaign's distinctive schema: identical on every account. */
    static final ToolSet STEALTH = of("stealth", List.of(
            new Tool("execute_python", "Runs python code; returns stdout, stderr and the value of the last expression.",
                    objectSchema("code", "string", "timeout", "integer")),
            new Tool("record_solution", "Stores the final solution together with the full derivation.",
                    objectSchema("solution", "string", "derivation", "string", "confidence", "number")),
            new Tool("lookup_reference", "Looks up a definition or theorem by name.", objectSchema("name", "string"))));

    /** A customer-support app's tools. */
    static final ToolSet SUPPORT = of("support", List.of(
            new Tool("get_account_summary", "Fetch balances and recent activity for the signed-in customer.",
                    objectSchema("customer_id", "string")),
            new Tool("create_ticket", "Open a support ticket for a human agent.",
                    objectSchema("customer_id", "string", "topic", "string", "summary", "string"))));
}
