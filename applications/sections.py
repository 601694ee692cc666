"""A form's questions in sections: consecutive questions with the same section heading, in order."""

from dataclasses import dataclass, field


@dataclass
class Section:
    number: int  # 1, 2…: section 0 is the applicant's details
    title: str
    questions: list = field(default_factory=list)


def sections_of(application):
    sections = []
    for question in application.form.questions.all():
        if not sections or sections[-1].title != question.section:
            sections.append(Section(len(sections) + 1, question.section))
        sections[-1].questions.append(question)
    return sections
