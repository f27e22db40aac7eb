"""The seed documents' decision flowcharts, as data, and a walk that explains its path.

Each chart is transcribed from its document (named with it); questions are yes/no and each
answer leads to another question or an outcome. `walk` returns the path taken so far and either
the outcome or the next question, so a questionnaire can show why it ended where it did.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    text: str
    yes: str
    no: str


@dataclass(frozen=True)
class Outcome:
    verdict: str
    text: str


@dataclass(frozen=True)
class Flowchart:
    id: str
    document: str
    title: str
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]


@dataclass(frozen=True)
class Walk:
    path: list[tuple[str, str, bool]]  # (question id, question text, answer)
    outcome: Outcome | None
    next_question: str | None


CALMOPS = Flowchart(
    id="calmops",
    document="calmops",
    title="Calmops: 'Which approach should you choose?'",
    start="base_model_good",
    questions={
        "base_model_good": Question(
            "Does the base model already perform your task well with good prompts?", "prompt", "data_1000"
        ),
        "data_1000": Question("Do you have 1,000+ high-quality training examples?", "latency", "improve_prompts"),
        "latency": Question("Is latency critical at scale?", "smaller_model", "volume_1m"),
        "volume_1m": Question("Will you make 1M+ requests/month?", "calculate", "prompt_low_volume"),
    },
    outcomes={
        "prompt": Outcome("prompting", "Use prompt engineering (skip fine-tuning)."),
        "improve_prompts": Outcome("prompting", "Improve prompts first; consider retrieval augmentation."),
        "smaller_model": Outcome("fine_tune", "Consider fine-tuning a smaller model (70B → 8B)."),
        "calculate": Outcome(
            "either", "Calculate: is a custom model cheaper than API calls? (the Compare page does this)"
        ),
        "prompt_low_volume": Outcome("prompting", "Use prompt engineering."),
    },
)

CODEMAPO = Flowchart(
    id="codemapo",
    document="codemapo",
    title="Codemapo: 'How I decide'",
    start="labeled_500",
    questions={
        "labeled_500": Question("Do you have 500+ labeled examples?", "consistency", "prompt"),
        "consistency": Question("Is consistency critical?", "volume_10k", "prompt_consistency"),
        "volume_10k": Question("Will you process 10,000+ requests/month?", "accuracy_90", "try_prompt"),
        "accuracy_90": Question("Is accuracy above 90% required?", "fine_tune", "might_suffice"),
    },
    outcomes={
        "prompt": Outcome("prompting", "Prompt engineering."),
        "prompt_consistency": Outcome("prompting", "Prompt engineering."),
        "try_prompt": Outcome("prompting", "Try prompt engineering first."),
        "might_suffice": Outcome("prompting", "Prompt engineering might suffice."),
        "fine_tune": Outcome("fine_tune", "Fine-tuning."),
    },
)

NEURALVECTOR = Flowchart(
    id="neuralvector",
    document="neuralvector",
    title="Neural Vector Insights: 'Our decision tree'",
    start="prompted_first",
    questions={
        "prompted_first": Question(
            "Have you spent 2-4 weeks on systematic prompt development with evaluation?", "gap_small", "start_prompting"
        ),
        "gap_small": Question(
            "Is the gap to your business requirement small (within 5-10% of the target)?", "iterate", "domain_knowledge"
        ),
        "domain_knowledge": Question(
            "Is the consistent failure a lack of domain knowledge (not reasoning or format)?",
            "resources",
            "better_prompting",
        ),
        "resources": Question(
            "Do you have the resources to collect, curate and maintain a training dataset?", "fine_tune", "no_resources"
        ),
    },
    outcomes={
        "start_prompting": Outcome(
            "prompting", "Start with prompt engineering: 2-4 weeks of systematic development with evaluation."
        ),
        "iterate": Outcome(
            "prompting", "Iterate on the prompt: more examples, refined instructions, restructured output."
        ),
        "better_prompting": Outcome(
            "prompting", "Reasoning failures: chain-of-thought; format failures: output schemas and function calling."
        ),
        "fine_tune": Outcome("fine_tune", "Fine-tune: the gap is caused by missing domain-specific training data."),
        "no_resources": Outcome("prompting", "Stay with prompting until a training dataset can be maintained."),
    },
)

FLOWCHARTS = {chart.id: chart for chart in (CALMOPS, CODEMAPO, NEURALVECTOR)}


def walk(chart: Flowchart, answers: dict[str, bool]) -> Walk:
    """Follow `answers` from the start until an outcome or an unanswered question."""
    path: list[tuple[str, str, bool]] = []
    node = chart.start
    while node in chart.questions:
        question = chart.questions[node]
        if node not in answers:
            return Walk(path, None, node)
        answer = answers[node]
        path.append((node, question.text, answer))
        node = question.yes if answer else question.no
    return Walk(path, chart.outcomes[node], None)
