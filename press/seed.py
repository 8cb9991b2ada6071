"""The press part of ``load_seed``: the release of 17 January 2023.

Text from commission/fixtures/press-release-2023-01-17.txt, in its order. The
seed page's chrome is left out ("Site icon Bindmans", "Exit mobile version"),
and so are its "click here" links: the registration sentence points at the
press conferences page instead, and the press office's contact details are the
release's media contacts. The seed names no place in a dateline, so none is set.
Nothing is overwritten when the release already exists. Its Russian and Kazakh versions are in
press/seed_versions.py.
"""

import datetime
from zoneinfo import ZoneInfo

from commission.models import Commission, MediaContact, Person
from commission.seed import COMMISSION_SLUG, notes_markdown
from press import seed_versions
from press.models import PressRelease, Quote, Topic
from press.translations import english_text_fingerprint

SLUG = "parliamentarians-blocked-from-meeting-officials-and-mamay"
TITLE = (
    "Senior British Parliamentarians visiting Kazakhstan blocked by Kazakh government from meeting officials "
    "and Zhanbolat Mamay"
)
DATELINE_PLACE = ""  # the seed names none
PUBLISH_AT = datetime.datetime(2023, 1, 17, 12, 0, tzinfo=ZoneInfo("Europe/London"))

PRESS_CONFERENCE = (
    "We will be holding a press conference on Friday 20 January 2023, which can be attended in person in Almaty "
    "Kazakhstan, or online."
)
REGISTER = "For more details and to register to attend, see [the press conference page](/events/press-conference-2023-01-20/)."

# The seed has no standfirst: this one summarises its own sentences, adding no fact of its own.
STANDFIRST = (
    "The Commission’s meetings with the Kazakh Deputy Foreign Minister, Parliament and law enforcement were "
    "cancelled without reasons, and the Court revoked its permission to meet with Zhanbolat Mamay."
)

BODY = f"""\
{PRESS_CONFERENCE} {REGISTER}

On Sunday 15 January, senior British parliamentarians travelled to Kazakhstan to meet with government officials \
and civilian witnesses as part of a non-governmental human rights investigation into the detention and treatment \
of Zhanbolat Mamay a popular politician, journalist and leader of the ‘unregistered’ opposition Democratic Party \
in Kazakhstan.

Mr Mamay has been detained since February 2022 after being accused by Kazakh authorities of involvement in \
orchestrating the January 2022 liquid petroleum prices protests. It was reported that the government response to \
the protests led to the death of over 227 people in a lethal crackdown that has become known as Bloody January.

The Commission travelled to Kazakhstan after reaching an agreement with the Kazakhstan government that they would \
meet with government officials and law enforcement officers.

Meetings were arranged in Astana for 17 January with the Kazakh Deputy Foreign Minister, Roman Vassilenko, and the \
Chair of the Committee on Foreign Affairs, Defence and Security of Parliament, Aigul Kuspan, as well as members of \
law enforcement.

On the evening of 16 January, the Commission received notice that all official meetings had been cancelled. No \
reasons were given to the Commission.

Following a successful petition to the court, the Commission had been granted permission to meet with Mr Mamay, \
who remains under house arrest. On 17 January, in an apparent move in concert with the political decision made by \
the Foreign Office, the Court reneged on its earlier decision and revoked the Commission’s permission to meet with \
Mr Mamay.

The Commission had already met with Kazakhstan’s Ambassador in London prior to the trip.

Chair to the Commission, Lord Macdonald Kt KC said:

[quote 1]

The non-governmental Inquiry Commission, launched in October 2022, is chaired by former Director of Public \
Prosecutions for England and Wales and Cross Bench member of the House of Lords, Lord Ken Macdonald of River \
Glaven Kt KC, alongside co-commissioners former Lord Chancellor, Secretary of State for Justice and Conservative \
Member of Parliament, Sir Robert Buckland KC MP, and Labour’s former shadow Minister of International Development, \
Rushanara Ali MP.

Serious concerns have been expressed by human rights advocates about President Tokayev’s announcement on live TV \
that he had designated the January 2022 protestors as ‘terrorists’ and ‘militants’ and had authorised law \
enforcement to use a ‘shoot to kill’ policy, promising to ‘eliminate’ all those that did not surrender.

During the Commission’s week in Kazakhstan, its members will meet with eyewitnesses and members of Kazakhstan’s \
civil society to gather evidence about the arrest and detention of Mr Mamay, and the surrounding events of January \
2022. It is noteworthy that international human rights groups such as Human Rights Watch and Amnesty have called \
for Mr Mamay’s immediate release and for charges against him to be dropped.

Shortly after the Commission’s press conference in November 2022, some charges against Mr Mamay were dropped and \
he was released under house arrest. However, last week prosecutors suggested they would increase the seriousness \
of the charges faced by Mr Mamay.

Tayab Ali, Partner at Bindmans LLP who is acting in this matter, comments:

[quote 2]

# Press conference

{PRESS_CONFERENCE}

- 3:30pm ALMT – Almaty, Kazakhstan
- 9.30am GMT – London, UK

{REGISTER}
"""

QUOTES = [
    (
        "lord-macdonald",
        """\
Earlier we had received personal assurances from the Kazakhstan Ambassador in London that the Commission was \
welcome to travel to Kazakhstan and would receive a high level of cooperation from Kazakh authorities. It is \
disappointing that now we are in Kazakhstan, our pre-arranged meetings with government and law enforcement figures \
have been cancelled at short notice and without explanation. It is even more concerning that an earlier court \
ruling that we should be permitted to meet with Mr Mamay has apparently been rescinded, presumably at the behest of \
the Kazakh government. We regard these developments as discourteous and unhelpful.

Nevertheless, we continue to meet with representatives of Kazakh civil society and individual witnesses to the \
January 2022 events, and to events surrounding Mr Mamay’s arrest and detention, and we are being provided with \
helpful evidence from these quarters. Despite the attitude of the Kazakh government, we are determined to complete \
our work and to produce a robustly evidenced and independent report into the treatment of Mr Mamay in due course.

I should like to thank all those who have made us so welcome in Kazakhstan for their high level of cooperation \
with our enquiries, which stands in sharp contrast to the behaviour of the authorities.""",
    ),
    (
        "tayab-ali",
        """\
The Commission have met with many witnesses in Kazakhstan who have provided detailed testimony about the \
government’s response to the January 2022 events and Mr Mamay’s prosecution.

It is unfortunate that the Kazakh government reneged on its earlier agreement to allow access to official \
testimony and blocked the Commission’s meetings with the Deputy Foreign Minister and with the Chair of the Foreign \
Affairs Committee. It is also deeply concerning that this morning the Court decided to revisit its earlier \
positive decision to allow a meeting with Zhanbolat Mamay and rescind it without good reason, blocking the \
Commission’s access to Mr Mamay.

There can be no good reason for the government taking this position, and it is contrary to President Tokayev’s \
stated ambition for Kazakhstan to meet the human rights requirements enshrined in the United Nations Charter.""",
    ),
]

TOPICS = [("Zhanbolat Mamay", "zhanbolat-mamay"), ("Visit to Kazakhstan", "visit-to-kazakhstan")]
RELATED_PEOPLE = ["lord-macdonald", "sir-robert-buckland", "rushanara-ali", "tayab-ali"]


def load(report, **options) -> PressRelease:
    """Create the seed release, its quotes and topics where missing; needs ``commission.seed`` first."""
    commission = Commission.objects.get(slug=COMMISSION_SLUG)
    topics = []
    for name, slug in TOPICS:
        topic, created = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        report("topic", topic.name, created)
        topics.append(topic)

    release, created = PressRelease.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": TITLE,
            "standfirst": STANDFIRST,
            "dateline_place": DATELINE_PLACE,
            "body": BODY,
            "status": PressRelease.Status.PUBLISHED,
            "publish_at": PUBLISH_AT,
            "first_published_at": PUBLISH_AT,
            "commission": commission,
            "notes_to_editors": commission.about,
        },
    )
    report("press release", release.title, created)
    if created:
        for order, (speaker_slug, text) in enumerate(QUOTES, start=1):
            Quote.objects.create(release=release, speaker=Person.objects.get(slug=speaker_slug), text=text, order=order)
        release.topics.set(topics)
        release.related_people.set(Person.objects.filter(slug__in=RELATED_PEOPLE))
        release.media_contacts.set(MediaContact.objects.filter(commission=commission))
    # Russian and Kazakh, where missing: written from this file's English.
    quotes = [(order, text) for order, (_slug, text) in enumerate(QUOTES, start=1)]
    written_from = {"english_fingerprint": english_text_fingerprint(TITLE, DATELINE_PLACE, STANDFIRST, BODY,
                                                                notes_markdown(), quotes)}
    seed_versions.load(report, release, written_from=written_from, written_at=PUBLISH_AT)
    return release
