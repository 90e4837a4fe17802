package io.stillwatch.sim.text;

import java.util.SplittableRandom;

/**
 * Families of tasks people and campaigns send, each with its capability focus (the detection
 * signal of DESIGN.md §4), opening prompts, follow-ups for multi-turn sessions, short assistant
 * answers for the history, and a typical answer length. Benign and campaign traffic draw on the
 * same families; campaigns differ in mix, templates and structure, not in vocabulary.
 */
public enum Family {
    CODING("coding", 200, 1400,
            Lexicon.phrases(
                    "[Write|Implement|Can you write|Please write|Give me] a {lang} function that {codetask}[.|?| please.| with tests.]",
                    "Why does this code have {bug}?\n\n```\n{snippet}\n```",
                    "[Refactor|Clean up|Simplify] this {lang} code[ and explain the changes|]:\n\n```\n{snippet}\n```",
                    "How do I [set up|configure|structure] {lib} for a [small|medium-sized|production] project?",
                    "What is the difference between {concept} and {concept} in {lang}?",
                    "[Review|Code review|Critique] this[ pull request|| change]:\n```\n{snippet}\n```",
                    "I'm getting {bug} in {file} when I run it with {lib}. Any ideas?",
                    "Convert this function to {lang}:\n```\n{snippet}\n```",
                    "Escribe una función en {lang} que {codetask}.",
                    "Schreib mir eine {lang}-Funktion, die {codetask}.",
                    "用{lang}写一个函数，{codetask}。"),
            Lexicon.phrases("[Now|Ok, now|Great. Now] add [unit tests|error handling|type hints|logging|docs].",
                    "Can you make it [faster|more readable|thread-safe|streaming]?", "That fails with {bug}. [Fix it.|Why?]",
                    "Explain the [second|last|tricky] part.", "Rewrite it in {lang}.", "Thanks! What about edge cases?"),
            Lexicon.phrases("Here is an implementation in {lang} with comments explaining each step.",
                    "The problem is {bug}; the loop bound should be exclusive.", "Sure, I added the changes below.")),
    MATH("reasoning", 150, 900,
            Lexicon.phrases("{math}", "[Solve|Please solve|Help me solve|Can you solve]: {math}",
                    "{math} [Show your work.|Explain briefly.|Just the answer please.|]",
                    "[My homework:|Exercise {n}:|Quick question:] {math}",
                    "Resuelve: {math}", "Löse bitte: {math}", "请解这道题：{math}"),
            Lexicon.phrases("Why did you [divide|multiply|subtract] there?", "Can you check the answer another way?",
                    "What if the numbers were {n} and {n}?", "I got a different result, {big}. Who is right?"),
            Lexicon.phrases("Setting up the equation and solving gives the result below.", "The answer is {big}.")),
    REASONING("reasoning", 200, 1200,
            Lexicon.phrases("{puzzle}", "[Here is a riddle|Logic question|Brain teaser]: {puzzle}",
                    "What are the strongest arguments for and against {concept}?",
                    "Compare {concept} and {concept}. Which matters more for {subject}?",
                    "Analyse the trade-offs of {concept} for a team of {n} people."),
            Lexicon.phrases("Are you sure? Re-check the second step.", "What assumption is that based on?",
                    "Give a counterexample."),
            Lexicon.phrases("Consider each case in turn; only one assignment is consistent.")),
    WRITING("writing", 150, 700,
            Lexicon.phrases("[Write|Draft|Help me write] a {tone} {doc}.", "Can you [improve|proofread|shorten] my {doc}?",
                    "Make this more {tone}: \"Hi {name}, just checking in on the invoice from last month.\"",
                    "Redacta un {doc} en tono {tone}.", "Écris un court texte {tone} pour un {doc}."),
            Lexicon.phrases("Make it shorter.", "More {tone}, please.", "Add a line about {concept}.", "Perfect, thanks!"),
            Lexicon.phrases("Here is a draft you can adapt:", "Dear {name}, I hope you are well.")),
    GENERAL("other", 100, 600,
            Lexicon.phrases("Explain {concept} [to|like I'm|for] {audience}.", "What should I see in {city} in {n} days?",
                    "What can I cook with {food}?", "[Summarise|Give me a summary of|TL;DR] {concept}.",
                    "Is it true that {concept} was discovered in {year}?", "Help me plan a study schedule for {subject}.",
                    "¿Qué puedo cocinar con {food}?", "Was sollte ich in {city} unbedingt sehen?",
                    "{city}で{n}日間、何をすればいいですか？", "O que é {concept}? Explique de forma simples."),
            Lexicon.phrases("Tell me more.", "Can you give an example?", "And for {audience}?", "Thanks!"),
            Lexicon.phrases("In short, {concept} describes how systems change over time.")),
    TRANSLATION("other", 80, 400,
            Lexicon.phrases("Translate to [Spanish|German|French|Japanese|Portuguese|Chinese]: \"{doc}\"",
                    "How do you say \"{concept}\" in [Korean|Italian|Dutch]?"),
            Lexicon.phrases("Now make it more formal.", "And in [Spanish|French]?"),
            Lexicon.phrases("Here is the translation.")),
    AGENTIC("agentic", 120, 800,
            Lexicon.phrases("[Fix|Investigate|Resolve] {bug} in {file} and make the tests pass.",
                    "Add [pagination|caching|retries|input validation|metrics] to {file} using {lib}.",
                    "[Find|Locate] where {codetask} is implemented and [refactor it|add tests for it].",
                    "Set up CI for this repo: run {lang} tests and lint on every push.",
                    "Migrate {file} from {lib} to {lib} without changing behaviour."),
            Lexicon.phrases("Continue."), Lexicon.phrases("Let me look at the relevant files first.")),
    COT_ELICIT("reasoning", 900, 3800,
            Lexicon.phrases("[Write out|Spell out|Lay out|Give] the [internal|complete|full hidden|detailed] reasoning behind [this|your] answer[ step by step|, step by step|, one step at a time]: {math}",
                    "[Before answering|First], [think aloud|reason explicitly|show every intermediate thought] [in full detail|at length|without skipping steps]. Then answer: {puzzle}",
                    "Explain [exactly|precisely] how you would [arrive at|derive] the answer, [listing every inference|step by step, including dead ends]: {math}",
                    "[Task|Problem]: {puzzle}\n[Provide|Output] your [chain of thought|full reasoning trace] [first|before the final answer], then the final answer after 'ANSWER:'."),
            Lexicon.phrases("Now expand step [2|3|4] in more detail."), Lexicon.phrases("Step 1: restate the problem.")),
    RUBRIC("reasoning", 300, 1200,
            Lexicon.phrases("[Grade|Score|Evaluate] the following [response|answer|solution] on a [1-10|0-5|1-7] rubric for [correctness, clarity and completeness|helpfulness and harmlessness|reasoning quality]. [Justify each criterion.|Explain each score.]\n\nQuestion: {math}\nResponse: The answer is {big}.",
                    "You are a [strict|careful|impartial] grader. [Compare|Rank] these two answers to \"{puzzle}\" and output a score per [criterion|dimension] as JSON.",
                    "[Act as a reward model|Be a judge]: rate this {lang} solution that {codetask} from 1 to 10 and [list the rubric items it fails|give per-criterion scores]."),
            Lexicon.phrases("Apply the same rubric to this second response."), Lexicon.phrases("Correctness: 6/10.")),
    SAFE_REWRITE("other", 200, 700,
            Lexicon.phrases("[Rewrite|Rephrase|Reformulate] this [question|request] so that it [can be answered safely|is harmless|complies with content policy], [keeping|preserving] [its intent|the educational value]: \"{sensitive}\"",
                    "Give [three|two|five] [safe|policy-compliant|benign] alternatives to the question \"{sensitive}\" and answer [each|the best one].",
                    "[A user asked|Someone asked] \"{sensitive}\". Write the [ideal|best|most helpful] safe response and explain why it is safe."),
            Lexicon.phrases("Now do the same for a harder one."), Lexicon.phrases("A safe version of the question is:"));

    private final String focus;
    private final int outLo;
    private final int outHi;
    private final Phrase[] openers;
    private final Phrase[] followUps;
    private final Phrase[] answers;

    Family(String focus, int outLo, int outHi, Phrase[] openers, Phrase[] followUps, Phrase[] answers) {
        this.focus = focus;
        this.outLo = outLo;
        this.outHi = outHi;
        this.openers = openers;
        this.followUps = followUps;
        this.answers = answers;
    }

    /** Capability focus in the detection report's vocabulary: reasoning, coding, agentic, other. */
    public String focus() {
        return focus;
    }

    public String opener(SplittableRandom rng) {
        return openers[rng.nextInt(openers.length)].expand(rng);
    }

    public String followUp(SplittableRandom rng) {
        return followUps[rng.nextInt(followUps.length)].expand(rng);
    }

    public String answer(SplittableRandom rng) {
        return answers[rng.nextInt(answers.length)].expand(rng);
    }

    /** A plausible number of output tokens for one answer. */
    public int outputTokens(SplittableRandom rng) {
        return outLo + rng.nextInt(outHi - outLo + 1);
    }
}
