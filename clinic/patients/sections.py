"""Sections of the dog page contributed by the apps above `patients` (cases, scheduling).

The dog page lives in `patients`, below the apps that fill it, so they register a
section in their AppConfig.ready() instead of the page importing them. Each section's
`context` function gets the dog and the viewing user and must use a fixed number of
queries; it returns None when the section has nothing to show that user.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DogSection:
    key: str
    title: str
    template: str
    context: object  # callable(dog, user) -> dict | None
    order: int = 100


_sections: dict[str, DogSection] = {}


def register_dog_section(key, title, template, context, order=100):
    _sections[key] = DogSection(key, title, template, context, order)


def dog_sections(dog, user):
    """[(section, context)] for the sections this user may see, in page order."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(dog, user)
        if context is not None:
            shown.append((section, context))
    return shown
