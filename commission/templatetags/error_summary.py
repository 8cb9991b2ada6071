"""The error summary at the top of a form (the GOV.UK pattern): every error, each linked to its field.

One partial (``includes/error_summary.html``) draws it for the public forms and the admin alike.
"""

from django import forms, template
from django.utils.translation import gettext

register = template.Library()


def _field_id(bound_field) -> str:
    """The id of the control to focus: the first of a field drawn as several (date and time, radios)."""
    if bound_field.use_fieldset or isinstance(bound_field.field.widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def _form_items(form, *, labelled: bool, row_name: str = "") -> list[dict]:
    """Each error of one form; ``labelled`` puts the field's label (and the row's name) before it, for forms
    whose messages do not say which field they are about ("This field is required.")."""
    items = [{"text": f"{row_name}: {error}" if row_name else error, "href": ""}
             for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            where = ", ".join(filter(None, [row_name, str(bound_field.label or "")])) if labelled else ""
            items.append({"text": f"{where}: {error}" if where else error, "href": f"#{_field_id(bound_field)}"})
    return items


def error_items(form, formsets=(), *, labelled: bool = False) -> list[dict]:
    """The errors of a form and of its inline formsets, in the order of the page."""
    items = _form_items(form, labelled=labelled)
    for formset in formsets:
        name = str(formset.model._meta.verbose_name).capitalize()
        items += [{"text": error, "href": f"#{formset.prefix}-group"} for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            if row.errors:
                row_name = gettext("%(name)s %(number)d") % {"name": name, "number": number}
                items += _form_items(row, labelled=labelled, row_name=row_name)
    # A field can carry one message twice (the form's own check and the model's): list it once.
    return list({(item["text"], item["href"]): item for item in items}.values())


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form):
    """``{% error_summary form %}`` on a public form."""
    return {"items": error_items(form) if getattr(form, "errors", None) else []}


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def admin_error_summary(context):
    """``{% admin_error_summary %}`` on an admin change form: the main form and every inline's rows."""
    adminform = context.get("adminform")
    if adminform is None:
        return {"items": []}
    formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
    if not (adminform.form.errors or any(f.total_error_count() for f in formsets)):
        return {"items": []}
    return {"items": error_items(adminform.form, formsets, labelled=True)}
