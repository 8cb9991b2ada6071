import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from commission.models import KeyArea, MediaContact, Membership, Person
from tests.factories import make_event_version, make_release_version

pytestmark = pytest.mark.django_db


def test_membership_second_chair_is_refused(commission, make_member):
    make_member(commission, role=Membership.Role.CHAIR)
    person = Person.objects.create(full_name="B", short_name="B", slug="b")
    with pytest.raises(IntegrityError):
        Membership.objects.create(commission=commission, person=person, role=Membership.Role.CHAIR)


def test_membership_second_chair_fails_validation_with_message(commission, make_member):
    make_member(commission, role=Membership.Role.CHAIR)
    person = Person.objects.create(full_name="B", short_name="B", slug="b")
    with pytest.raises(ValidationError, match="A commission has one chair."):
        Membership(commission=commission, person=person, role=Membership.Role.CHAIR).full_clean()


def test_membership_same_person_twice_is_refused(commission, make_member):
    person = make_member(commission)
    with pytest.raises(IntegrityError):
        Membership.objects.create(commission=commission, person=person)


def test_media_contact_without_email_or_phone_is_refused(commission):
    with pytest.raises(IntegrityError):
        MediaContact.objects.create(commission=commission, name="Nobody")


def test_person_slug_is_unique(make_person):
    make_person(slug="same")
    with pytest.raises(IntegrityError):
        make_person(slug="same")


def test_person_portrait_without_alt_text_fails_validation(png):
    person = Person(full_name="A", short_name="A", slug="a", portrait=png())
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["portrait_alt"] == ["Describe the portrait for people who cannot see it."]


def test_person_portrait_gets_web_rendition_within_width(png):
    person = Person.objects.create(
        full_name="A", short_name="A", slug="a", portrait=png(1200, 900), portrait_alt="A smiling judge"
    )
    person.refresh_from_db()
    assert (person.portrait_width, person.portrait_height) == (480, 360)
    assert person.portrait_web.name.startswith("portraits/web/")
    assert person.portrait_web.name.endswith(".jpg")


def test_person_resave_without_new_portrait_keeps_rendition(png):
    person = Person.objects.create(full_name="A", short_name="A", slug="a", portrait=png(), portrait_alt="x")
    first = person.portrait_web.name
    person.role = "Chair"
    person.save()
    assert person.portrait_web.name == first


def test_key_area_tree_nests_subpoints_under_the_area_above(commission):
    a = KeyArea.objects.create(commission=commission, text="A", order=1)
    a1 = KeyArea.objects.create(commission=commission, text="A1", order=2, is_subpoint=True)
    b = KeyArea.objects.create(commission=commission, text="B", order=3)
    assert commission.key_area_tree() == [(a, [a1]), (b, [])]


# Language versions (LanguageVersion): what press releases' and press conferences' versions share


@pytest.mark.parametrize(
    ("make_item", "make_version"),
    [("make_release", make_release_version), ("make_event", make_event_version)],
    ids=["press release", "press conference"],
)
def test_a_versions_slug_cannot_be_another_items_english_slug_nor_the_other_way_round(request, make_item,
                                                                                       make_version):
    # /ru/press/beta/ (/ru/events/beta/) would show alpha's version, and beta's "Русский" link (beta has no
    # version) lead there.
    make_item = request.getfixturevalue(make_item)
    alpha, beta = make_item(slug="alpha"), make_item(slug="beta")
    version_model = type(make_version(alpha, "ru", slug="alpha-ru"))

    def alphas_kazakh_version(slug):
        return version_model(**{version_model.item_field: alpha}, language="kk", slug=slug, title="Title")

    with pytest.raises(ValidationError) as taken_in_english:
        alphas_kazakh_version("beta").clean()
    beta.slug = "alpha-ru"
    with pytest.raises(ValidationError) as taken_by_a_version:
        beta.clean()

    assert taken_in_english.value.error_dict["slug"][0].code == "slug_taken"
    assert taken_by_a_version.value.error_dict["slug"][0].code == "slug_taken"
    alphas_kazakh_version("alpha").clean()  # its own: fine
