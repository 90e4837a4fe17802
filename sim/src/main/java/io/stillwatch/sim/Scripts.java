package io.stillwatch.sim;

import static io.stillwatch.sim.text.Lexicon.phrase;
import static io.stillwatch.sim.text.Lexicon.phrases;

import io.stillwatch.sim.text.Phrase;

/**
 * System prompts and task templates of the specific populations and campaigns. Campaign templates
 * follow the public reports: shared-but-paraphrased system prompts and task templates (hydra),
 * chain-of-thought elicitation, rubric grading and safe rewrites (reasoning harvest), agentic coding
 * with tools (release chaser), a fixed structure with heavy paraphrase (stealth).
 */
final class Scripts {
    private Scripts() {
    }

    static final String[] USER_SYSTEMS = {
        "You are a helpful assistant.", "You are a concise assistant. Answer briefly.",
        "You are an expert Python developer. Prefer standard library solutions.",
        "Always answer in Spanish.", "You are a patient tutor. Explain step by step.",
        "You are a senior software engineer reviewing code for correctness and clarity."};

    static final String[] ENTERPRISE_SYSTEMS = {
        "You are Aria, the virtual assistant of Northwind Bank. Answer questions about Northwind products and the "
            + "customer's accounts only. Never give investment, legal or tax advice. If the customer asks about fraud, "
            + "lost cards or disputes, call create_ticket. Be friendly and concise; use the customer's language.",
        "You are the shopping assistant of Tandem Outfitters. Help customers find products, track orders and start "
            + "returns. Do not discuss competitors. Keep answers under 120 words and end with a question when useful.",
        "You are HelpDesk, the internal IT and HR assistant of Calloway Logistics. Answer from the policy handbook; "
            + "when unsure, open a ticket. Never reveal other employees' data."};

    static final Phrase CUSTOMER_QUESTION = phrase(
            "[How do I|Can I|What's the fastest way to|Is it possible to] [activate|cancel|change|report a problem with|"
            + "check the fee for] my {product}[?| please| today?]|[hola, |hi |hello, |]my {product} [isn't working|was charged twice|"
            + "shows a wrong balance]");

    static final String CI_SYSTEM = "You are a release-notes bot. Reply with exactly one line.";

    static final Phrase CI_PROMPT = phrase("Summarize this diff in one line for the changelog:\n\n"
            + "--- a/{file}\n+++ b/{file}\n@@ -{n},7 +{n},9 @@\n{snippet}");

    static final String OSS_SYSTEM = "You are Patchwork, an expert software engineer working inside the user's "
            + "repository. You can view files, edit them with str_replace, and run bash commands. Think about the "
            + "smallest change that solves the task. Never modify files outside the repository. When the task is done, "
            + "call finish with a short summary of what you changed and how you verified it.";

    static final Phrase BENCHMARK = phrase("Solve the following problem. Think step by step, and put your final answer "
            + "within \\\\boxed\\{\\}.\n\nProblem: {math}");

    static final Phrase ASSIGNMENT = phrase("[CS 161 Homework 4|HW4|hw 4, cs161|Homework 4 (CS161)]: implement Dijkstra's "
            + "algorithm with a binary heap in Python and report its running time on the provided road graph. "
            + "[I'm stuck on|Question about|Can you explain|Help with] [the decrease-key step|why my heap gives wrong distances|"
            + "the running time analysis|reading the input file|the tie-breaking rule][?|.| pls]");

    static final Phrase DEV_AGENT_SYSTEM = phrase("You are a coding agent[ working in a {lang} repository|]. "
            + "Use the tools to inspect and change files, run the tests, and stop when they pass.");

    static final Phrase[] AGENT_TASKS = phrases(
            "[Fix|Investigate|Resolve] {bug} in {file} and make the tests pass.",
            "Add [pagination|caching|retries|input validation|metrics] to {file} using {lib}.",
            "[Find|Locate] where the code {codetask} and [refactor it|add tests for it].",
            "Migrate {file} from {lib} to {lib} without changing behaviour.");

    static final Phrase AGENT_TASK = phrase("[Fix|Investigate|Resolve] {bug} in {file} and make the tests pass."
            + "|Add [pagination|caching|retries|input validation|metrics] to {file} using {lib}."
            + "|[Find|Locate] where the code {codetask} and [refactor it|add tests for it].");

    /** Hydra: three base system prompts, each heavily paraphrased. */
    static final Phrase HYDRA_SYSTEM = phrase(
            "[You are|Act as|You're] a [senior|staff|principal|highly experienced] software engineer. "
            + "[Solve|Complete|Work through] the [task|problem|assignment] below [completely|end to end|fully], "
            + "[explaining|describing|documenting] your [reasoning|approach|design decisions] [before|prior to|ahead of] the final code.|"
            + "[You are|Act as] an autonomous [coding|software] agent. [Plan|Think through] the [steps|approach], "
            + "[use|call] tools when [needed|useful], and [return|produce|give] a [complete|full|final] [answer|solution] "
            + "with [tests|test cases|unit tests].|"
            + "[Expert|Senior] [developer|engineer] mode: [analyse|analyze|study] the [request|problem], [reason|think] "
            + "[step by step|carefully|thoroughly], then [write|produce] [production-quality|clean, idiomatic|robust] code.");

    static final Phrase[] HYDRA_TASKS = phrases(
            "## [Task|Problem|Objective]\n[Implement|Write|Create] a {lang} [function|module|class] that {codetask}.\n"
            + "## [Requirements|Constraints]\n- [Handle|Cover] edge cases\n- [Include|Add] [unit tests|tests]\n"
            + "- [Explain|Justify] [time complexity|the complexity|design choices]",
            "## [Task|Problem]\n[Debug|Fix|Diagnose] {bug} in the following {lang} code:\n```\n{snippet}\n```\n"
            + "## [Output|Deliverable]\n[Explain the root cause, then give the fixed code.|Root cause first, fixed code second.]",
            "[Task|TASK|Objective]: [design|plan|architect] a {lib}-based service that {codetask}. "
            + "[Break it into steps|List the steps], [choose tools|select tools] for each step, then [implement|write] it in {lang}.",
            "## [Task|Problem]\n[Review|Audit|Critique] this {lang} code for [correctness|bugs|performance]:\n```\n{snippet}\n```\n"
            + "## [Format|Output format]\n[Numbered findings, then a corrected version.|Findings as a list, then the corrected code.]");

    /** Reasoning harvest: a tutor persona, paraphrased. */
    static final Phrase REASONING_SYSTEM = phrase(
            "[You are|Act as] a [meticulous|rigorous|careful] [expert|tutor|reasoning assistant]. "
            + "[Always|Consistently] [show|write out|expose] [every|each] [intermediate|reasoning] step[ explicitly|| in full].");

    /** Stealth: one structure, many surface forms. */
    static final Phrase STEALTH_SYSTEM = phrase(
            "[You|You are an assistant that|The assistant] [solves|works on|tackles|handles] [quantitative|mathematical|analytical] "
            + "[problems|tasks|questions][ carefully|| rigorously| precisely]. [Use|Call|Rely on] execute_python [to check|to verify|for] "
            + "[arithmetic|computations|numeric steps] and [finish by calling|end with|always call] record_solution[.| with the derivation.]");

    static final Phrase[] STEALTH_TASKS = phrases(
            "<task>\n[{math}|{puzzle}]\n</task>\n<context>\n[Level|Difficulty]: [{n}/10|hard|olympiad|advanced]\n</context>\n"
            + "<output_format>\n[Derivation then answer|Full derivation, then final answer|Numbered steps, then the result]\n</output_format>",
            "<task>\n[Problem|Question|Exercise]: [{math}|{puzzle}]\n</task>\n<context>\n[Source|From]: [practice set|problem set|course notes] {n}\n</context>\n"
            + "<output_format>\n[Show every step.|Each step on its own line.|Explain each transformation.]\n</output_format>");

    static final Phrase RELEASE_SYSTEM = phrase(
            "[You are|Act as] [an orchestration|a lead|a planning] agent. [Decompose|Split|Break] the [job|task|objective] into "
            + "[subtasks|steps], [delegate with|use] spawn_agent [and|then] [verify|check|validate] [results|outputs] with python. "
            + "[Report|Return] [the final patch|a final summary|the merged result].");

    static final Phrase DISTILL_TASK = phrase(
            "[Explain|Describe|Walk through] [in detail|thoroughly|step by step] how to {codetask} in {lang}, "
            + "[including|with] [your full reasoning|all intermediate reasoning|every design decision]."
            + "|[Solve|Answer] and [show all reasoning|explain each step]: {math}"
            + "|{puzzle} [Give your complete chain of reasoning.|Reason out loud, then answer.]");
}
