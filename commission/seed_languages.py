"""``load_seed``'s Russian and Kazakh for the short texts kept in a column per language (commission/web/localised.py):
the commission's name, description and mandate, its key areas, the people's names and roles, the media contact's
label and the topics' names. The names are spelt as the seed release's versions spell them (press/seed_versions.py:
лорд Макдональд, сэр Роберт Бакленд, Рушанара Али / Әли, Таяб Али / Әли); the firm's name, Bindmans LLP, and the
British post-nominals (Kt KC, KC MP) stay in Latin letters, as there.

A column is filled only where it is empty and its row's English is still the seed's (by slug, or by the English
text for key areas and contacts): a press officer's translation survives another run, and a row whose English was
rewritten is not given a translation of words it no longer has.
"""

from commission.models import Commission, KeyArea, MediaContact, Person
from commission.seed import (
    COMMISSION_SLUG,
    CONVENED,
    FINDINGS,
    KEY_AREAS,
    KEY_AREAS_INTRO,
    NAME,
    PEOPLE,
    SECRETARIAT,
    SHORT_DESCRIPTION,
)
from commission.web.localised import column
from press.models import Topic

LANGUAGES = ("ru", "kk")

COMMISSION = {
    "name": {
        "ru": "Комиссия по расследованию задержания Жанболата Мамая",
        "kk": "Жанболат Мамайдың ұсталуын тергеу жөніндегі комиссия",
    },
    "short_description": {
        "ru": "Неправительственная комиссия по расследованию из видных британских парламентариев, созданная "
              "в октябре 2022 года. Она расследует задержание Жанболата Мамая и обращение с ним. Мамай — популярный "
              "политик, журналист и лидер «незарегистрированной» оппозиционной Демократической партии Казахстана.",
        "kk": "Ұлыбританияның беделді парламентшілерінен құралған, 2022 жылғы қазанда құрылған үкіметтік емес "
              "тергеу комиссиясы. Ол танымал саясаткер, журналист, Қазақстандағы «тіркелмеген» оппозициялық "
              "Демократиялық партияның жетекшісі Жанболат Мамайдың ұсталуын және оған көрсетілген қарым-қатынасты "
              "тергейді.",
    },
    "mandate_introduction": {
        "ru": "Комиссию созвала юридическая фирма Bindmans LLP по поручению граждан Казахстана, обеспокоенных "
              "использованием уголовного преследования для подавления политической оппозиции и свободы слова. "
              "Комиссия — неправительственная частная комиссия.\n\n"
              "Основные направления работы Комиссии:",
        "kk": "Комиссияны саяси оппозиция мен сөз бостандығын басып-жаншу үшін қылмыстық процестің пайдаланылуына "
              "алаңдаған Қазақстан азаматтарының атынан Bindmans LLP шақырды. Комиссия — үкіметтік емес жеке "
              "комиссия.\n\n"
              "Комиссия жұмысының негізгі бағыттары:",
    },
    "mandate_conclusion": {
        "ru": "Комиссия будет устанавливать факты и обстоятельства возможных нарушений норм национального "
              "и международного права, а также возможных преступлений (как по национальному, так и по международному "
              "праву) и представит свои выводы в письменном докладе.\n\n"
              "Bindmans LLP поддерживает работу Комиссии в качестве секретариата, располагающего необходимыми "
              "специалистами для выполнения мандата, в том числе профессиональными следователями "
              "и юристами-аналитиками.",
        "kk": "Комиссия ішкі және халықаралық құқықтың ықтимал бұзылуының, сондай-ақ жасалуы мүмкін қылмыстардың "
              "(ішкі немесе халықаралық құқық бойынша) фактілері мен мән-жайын анықтау үшін жұмыс істейді және өз "
              "қорытындыларын жазбаша баяндамада ұсынады.\n\n"
              "Bindmans LLP Комиссияға хатшылық ретінде қолдау көрсетеді: онда мандатты орындауға қажетті мамандар, "
              "соның ішінде кәсіби тергеушілер мен заң сарапшылары бар.",
    },
}
# The English each text of COMMISSION translates (commission/seed.py), to tell whether it still stands.
COMMISSION_ENGLISH = {
    "name": NAME,
    "short_description": SHORT_DESCRIPTION,
    "mandate_introduction": f"{CONVENED}\n\n{KEY_AREAS_INTRO}",
    "mandate_conclusion": f"{FINDINGS}\n\n{SECRETARIAT}",
}

# In the order of commission/seed.py's KEY_AREAS, each area followed by its sub-points.
KEY_AREA_TEXTS = [
    {
        "ru": "Изучение применения Республикой Казахстан уголовно-правовых процедур против г-на Мамая и, где это "
              "уместно, против других политических оппонентов и оппозиционных политиков.",
        "kk": "Қазақстан Республикасының Мамай мырзаға және, қажет болған жағдайда, басқа да саяси қарсыластары мен "
              "оппозициялық саясаткерлерге қарсы қылмыстық-құқықтық процестерді қолдануын зерттеу.",
    },
    {
        "ru": "Рассмотрение материалов, собранных и переданных Комиссии НПО, официальными следователями и другими "
              "лицами, которые содержат доказательства или сведения о предполагаемых нарушениях норм национального "
              "и международного права (в той мере, в какой они касаются применения Республикой Казахстан "
              "уголовно-правовых процедур против политических оппонентов и оппозиционных политиков в ходе "
              "демонстраций января 2022 года), в том числе:",
        "kk": "Үкіметтік емес ұйымдар, ресми тергеушілер және басқалар жинап, Комиссияға ұсынған, ішкі және "
              "халықаралық құқықтың болжамды бұзылуы туралы дәлелдер немесе мәліметтер қамтылған материалдарды (олар "
              "Қазақстан Республикасының 2022 жылғы қаңтардағы демонстрациялар барысында саяси қарсыластары мен "
              "оппозициялық саясаткерлерге қарсы қылмыстық-құқықтық процестерді қолдануына қатысты болған шамада) "
              "қарау, соның ішінде:",
    },
    {
        "ru": "События, которые привели к гибели сотен людей во время демонстраций января 2022 года.",
        "kk": "2022 жылғы қаңтардағы демонстрациялар кезінде жүздеген адамның өліміне әкелген оқиғалар.",
    },
    {
        "ru": "Сообщения о пытках и жестоком обращении с людьми, задержанными в связи с демонстрациями января "
              "2022 года.",
        "kk": "2022 жылғы қаңтардағы демонстрацияларға байланысты ұсталған адамдарды азаптау және оларға қатыгездік "
              "көрсету туралы айыптаулар.",
    },
    {
        "ru": "Сообщения о преследовании политических оппонентов и оппозиционных групп в Казахстане.",
        "kk": "Қазақстандағы саяси қарсыластар мен оппозициялық топтарды қудалау туралы айыптаулар.",
    },
]
KEY_AREAS_ENGLISH = [text for area, subareas in KEY_AREAS for text in (area, *subareas)]

PEOPLE_TEXTS = {
    "lord-macdonald": {
        "full_name": {"ru": "Лорд Кен Макдональд оф Ривер Глейвен (Kt KC)",
                      "kk": "Лорд Кен Макдональд оф Ривер Глейвен (Kt KC)"},
        "short_name": {"ru": "Лорд Макдональд", "kk": "Лорд Макдональд"},
        "role": {"ru": "Председатель Комиссии", "kk": "Комиссия төрағасы"},
        "organisation": {"ru": "Палата лордов", "kk": "Лордтар палатасы"},
        "biography": {
            "ru": "Бывший директор государственного обвинения Англии и Уэльса, независимый член Палаты лордов.",
            "kk": "Англия мен Уэльстің бұрынғы бас мемлекеттік айыптаушысы, Лордтар палатасының партияға кірмейтін "
                  "мүшесі.",
        },
    },
    "sir-robert-buckland": {
        "full_name": {"ru": "Сэр Роберт Бакленд (KC MP)", "kk": "Сэр Роберт Бакленд (KC MP)"},
        "short_name": {"ru": "Сэр Роберт Бакленд", "kk": "Сэр Роберт Бакленд"},
        "role": {"ru": "Член Комиссии", "kk": "Комиссия мүшесі"},
        "organisation": {"ru": "Палата общин", "kk": "Қауымдар палатасы"},
        "biography": {
            "ru": "Бывший лорд-канцлер, министр юстиции и депутат парламента от Консервативной партии.",
            "kk": "Бұрынғы лорд-канцлер, әділет министрі, Консервативтік партиядан парламент депутаты.",
        },
    },
    "rushanara-ali": {
        "full_name": {"ru": "Рушанара Али (MP)", "kk": "Рушанара Әли (MP)"},
        "short_name": {"ru": "Рушанара Али", "kk": "Рушанара Әли"},
        "role": {"ru": "Член Комиссии", "kk": "Комиссия мүшесі"},
        "organisation": {"ru": "Палата общин", "kk": "Қауымдар палатасы"},
        "biography": {
            "ru": "Бывший теневой министр международного развития от Лейбористской партии.",
            "kk": "Лейбористік партияның халықаралық даму жөніндегі бұрынғы көлеңкелі министрі.",
        },
    },
    "tayab-ali": {
        "full_name": {"ru": "Таяб Али", "kk": "Таяб Әли"},
        "short_name": {"ru": "Таяб Али", "kk": "Таяб Әли"},
        "role": {"ru": "Партнёр Bindmans LLP", "kk": "Bindmans LLP серіктесі"},
        # The firm's name is the same in every language: written, so that it is not marked as English.
        "organisation": {"ru": "Bindmans LLP", "kk": "Bindmans LLP"},
        "biography": {
            "ru": "Партнёр Bindmans LLP — юридической фирмы, которая созвала Комиссию и выполняет функции её "
                  "секретариата.",
            "kk": "Комиссияны шақырған және оның хатшылығы қызметін атқаратын Bindmans LLP заң фирмасының серіктесі.",
        },
    },
}

MEDIA_CONTACTS = {"Bindmans Press Office": {"ru": "Пресс-служба Bindmans", "kk": "Bindmans баспасөз қызметі"}}

# By slug (press/seed.py's TOPICS).
TOPICS = {
    "zhanbolat-mamay": {"ru": "Жанболат Мамай", "kk": "Жанболат Мамай"},
    "visit-to-kazakhstan": {"ru": "Поездка в Казахстан", "kk": "Қазақстанға сапар"},
}


def _fill(row, texts: dict[str, dict[str, str]], english: dict[str, str]) -> bool:
    """Set ``row``'s empty Russian and Kazakh columns whose English is still ``english``'s; True if any was set."""
    changed = []
    for field, versions in texts.items():
        if getattr(row, field) != english[field]:
            continue  # rewritten in the admin: the seed's translation is no longer of its words
        for language in LANGUAGES:
            name = column(field, language)
            if not getattr(row, name):
                setattr(row, name, versions[language])
                changed.append(name)
    if changed:
        row.save(update_fields=changed)
    return bool(changed)


def load(report, **options) -> None:
    """Fill the seed rows' Russian and Kazakh columns where empty; runs after commission.seed and press.seed."""
    commission = Commission.objects.filter(slug=COMMISSION_SLUG).first()
    if commission is not None:
        filled = _fill(commission, COMMISSION, COMMISSION_ENGLISH)
        report("commission (ru, kk)", commission.name, filled)
        for area in KeyArea.objects.filter(commission=commission):
            if area.text in KEY_AREAS_ENGLISH:
                _fill(area, {"text": KEY_AREA_TEXTS[KEY_AREAS_ENGLISH.index(area.text)]}, {"text": area.text})
        for contact in MediaContact.objects.filter(commission=commission, name__in=MEDIA_CONTACTS):
            _fill(contact, {"name": MEDIA_CONTACTS[contact.name]}, {"name": contact.name})
    english_people = {data["slug"]: data for data in PEOPLE}
    for person in Person.objects.filter(slug__in=PEOPLE_TEXTS):
        filled = _fill(person, PEOPLE_TEXTS[person.slug], english_people[person.slug])
        report("person (ru, kk)", person.full_name, filled)
    for topic in Topic.objects.filter(slug__in=TOPICS):
        filled = _fill(topic, {"name": TOPICS[topic.slug]}, {"name": topic.name})
        report("topic (ru, kk)", topic.name, filled)
