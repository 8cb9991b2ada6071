"""The commission's part of ``load_seed``: the content of the model press release
(commission/fixtures/press-release-2023-01-17.txt) as rows.

Rows are looked up by slug and only created when missing, so running it again
never overwrites what a press officer has edited in admin.
"""

import datetime

from commission.models import Commission, KeyArea, MediaContact, Membership, Person

COMMISSION_SLUG = "mamay-inquiry-commission"
NAME = "Inquiry Commission on the detention of Zhanbolat Mamay"
SHORT_DESCRIPTION = (
    "A non-governmental inquiry commission of senior British parliamentarians, launched in October "
    "2022, investigating the detention and treatment of Zhanbolat Mamay, a popular politician, "
    "journalist and leader of the ‘unregistered’ opposition Democratic Party in Kazakhstan."
)

KEY_AREAS_INTRO = "The key areas of the Commission’s review are:"

KEY_AREAS = [
    (
        "Investigating the use of criminal legal processes by the Republic of Kazakhstan against Mr Mamay and, "
        "where relevant, other political opponents and opposition politicians.",
        [],
    ),
    (
        "Considering material collected and provided to the Commission by NGOs, official investigators and "
        "others, which provides evidence or information on alleged violations and abuses of domestic and "
        "international law (insofar as relevant to the use of the criminal legal processes by the Republic of "
        "Kazakhstan against political opponents and opposition politicians in the course of the January 2022 "
        "demonstrations), including:",
        [
            "The events that led to the death of hundreds of individuals during the January 2022 demonstrations.",
            "Allegations of torture and ill treatment of people detained in relation to the January 2022 "
            "demonstrations.",
            "Allegations of suppression of political opponents and opposition groups in Kazakhstan.",
        ],
    ),
]

CONVENED = (
    "The Commission was convened by Bindmans LLP on behalf of citizens of Kazakhstan concerned about the use of "
    "the criminal process to suppress political opposition and free speech. The Commission is a non-governmental "
    "private commission."
)
FINDINGS = (
    "The Commission will work to establish the facts and circumstances of any potential violations and abuses of "
    "domestic and international law, and of any potential crimes perpetrated (whether against domestic or "
    "international law) and will present its findings in a written report."
)
SECRETARIAT = (
    "Bindmans LLP will support the Commission, acting as Secretariat comprising the necessary expertise to "
    "implement the mandate, including professional investigators and legal analysts."
)
MORE_INFO = (
    "For more information on the Commission and its mandate, visit "
    "[www.inquirycommission.com](https://www.inquirycommission.com)."
)


def notes_markdown() -> str:
    """The seed's "Notes" section as Markdown: the commission's notes to editors."""
    lines = [CONVENED, "", KEY_AREAS_INTRO, ""]
    for text, subareas in KEY_AREAS:
        lines.append(f"- {text}")
        lines.extend(f"  - {sub}" for sub in subareas)
    lines += ["", FINDINGS, "", SECRETARIAT, "", MORE_INFO]
    return "\n".join(lines)


PEOPLE = [
    {
        "slug": "lord-macdonald",
        "full_name": "Lord Ken Macdonald of River Glaven Kt KC",
        "short_name": "Lord Macdonald",
        "role": "Chair to the Commission",
        "organisation": "House of Lords",
        "biography": "Former Director of Public Prosecutions for England and Wales and Cross Bench member of the "
        "House of Lords.",
        "membership": Membership.Role.CHAIR,
    },
    {
        "slug": "sir-robert-buckland",
        "full_name": "Sir Robert Buckland KC MP",
        "short_name": "Sir Robert Buckland",
        "role": "Co-commissioner",
        "organisation": "House of Commons",
        "biography": "Former Lord Chancellor, Secretary of State for Justice and Conservative Member of Parliament.",
        "membership": Membership.Role.CO_COMMISSIONER,
    },
    {
        "slug": "rushanara-ali",
        "full_name": "Rushanara Ali MP",
        "short_name": "Rushanara Ali",
        "role": "Co-commissioner",
        "organisation": "House of Commons",
        "biography": "Labour’s former shadow Minister of International Development.",
        "membership": Membership.Role.CO_COMMISSIONER,
    },
    {
        "slug": "tayab-ali",
        "full_name": "Tayab Ali",
        "short_name": "Tayab Ali",
        "role": "Partner at Bindmans LLP",
        "organisation": "Bindmans LLP",
        "biography": "Partner at Bindmans LLP, which convened the Commission and acts as its secretariat.",
        "membership": None,
    },
]


def load(report, **options) -> Commission:
    """Create the commission, its people and media contact where missing.

    ``report(kind, name, created)`` is called once per row considered.
    """
    commission, created = Commission.objects.get_or_create(
        slug=COMMISSION_SLUG,
        defaults={
            "name": NAME,
            "short_description": SHORT_DESCRIPTION,
            "launch_date": datetime.date(2022, 10, 1),
            "convenor": "Bindmans LLP",
            "convenor_website": "https://www.bindmans.com",
            "convenor_is_secretariat": True,
            "mandate_introduction": f"{CONVENED}\n\n{KEY_AREAS_INTRO}",
            "mandate_conclusion": f"{FINDINGS}\n\n{SECRETARIAT}",
            "website": "https://www.inquirycommission.com",
            "about": notes_markdown(),
        },
    )
    report("commission", commission.name, created)
    if created:
        order = 0
        for text, subareas in KEY_AREAS:
            order += 1
            KeyArea.objects.create(commission=commission, text=text, order=order)
            for sub in subareas:
                order += 1
                KeyArea.objects.create(commission=commission, text=sub, is_subpoint=True, order=order)
        MediaContact.objects.create(
            commission=commission, name="Bindmans Press Office", email="press@bindmans.com", phone="+44 20 7833 4433"
        )

    for order, data in enumerate(PEOPLE):
        data = dict(data)
        role = data.pop("membership")
        person, created = Person.objects.get_or_create(slug=data.pop("slug"), defaults=data)
        report("person", person.full_name, created)
        if role and created:
            Membership.objects.get_or_create(
                commission=commission, person=person, defaults={"role": role, "order": order}
            )
    return commission


def add_version(model, item, language: str, text: dict, *, parts: str, written_from: dict[str, str], written_at):
    """The seed's version of ``item`` in ``language``, ready to go public with it, unless ``item`` has one:
    ``(version, created)``. ``model`` is a ``LanguageVersion``; ``text`` holds its fields, and under ``parts`` the
    words of the item's parts (quotes, places), which the caller adds. ``written_from``: the fingerprints of the
    English it translates, by field, as the app's ``mark_written`` records them (``english_fingerprint``; a press
    conference's ``venue_fingerprint`` too)."""
    fields = {key: value for key, value in text.items() if key != parts}
    return model.objects.get_or_create(
        **{model.item_field: item}, language=language,
        defaults={**fields, **written_from, "ready": True, "written_at": written_at},
    )
