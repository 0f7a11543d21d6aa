"""Multi-value query parameters, sent exactly as clients send them.

API v2 reads its query with qs (Express's `extended` parser): the comma form (`status=a,b`, what the docs ask
for and what `URLSearchParams` gives a joined array), repeated keys (`status=a&status=b`, what `requests`,
`httpx` and Python's `urlencode(doseq=True)` send), `status[]=a&status[]=b` (axios, percent-encoded brackets)
and `status[0]=a&status[1]=b` (`qs.stringify`'s default) all name the same set. Every filter of the three v2
lists is tried in every form, each demanded to give exactly the set the comma form gives, which is the union of
the single values and not the unfiltered list. What the real server refuses (an array where its DTO wants one
value) is refused with its message. API v1 (Next.js) reads repeated keys as the array its zod schema accepts.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from starlette.testclient import TestClient

from tests.mock_server.conftest import auth

OWNER = "cal_test_acme_owner_key"  # Acme owner: an org admin, sees the org and team lists
TEAM_ADMIN = "cal_test_acme_team_admin_key"

USER_LIST = "/v2/bookings"
ORG_LIST = "/v2/organizations/1/bookings"
TEAM_LIST = "/v2/organizations/1/teams/12/bookings"


def _comma(name: str, values: list[str]) -> str:
    return urlencode({name: ",".join(values)})


def _repeated(name: str, values: list[str]) -> str:
    return urlencode([(name, value) for value in values])


def _axios(name: str, values: list[str]) -> str:
    """axios' default serializer: `name[]=` per value, brackets percent-encoded."""
    return "&".join(f"{quote(name + '[]')}={quote(value)}" for value in values)


def _qs_indices(name: str, values: list[str]) -> str:
    """`qs.stringify({name: values})`: `name[0]=`, `name[1]=`, encoded."""
    return "&".join(f"{quote(f'{name}[{i}]')}={quote(value)}" for i, value in enumerate(values))


def _raw_brackets(name: str, values: list[str]) -> str:
    """A hand-written `name[]=a&name[]=b`, brackets as they are."""
    return "&".join(f"{name}[]={quote(value)}" for value in values)


FORMS = {
    "comma": _comma,
    "repeated": _repeated,
    "axios": _axios,
    "qs-indices": _qs_indices,
    "raw-brackets": _raw_brackets,
}


def _uids(client: TestClient, path: str, key: str, query: str = "") -> set[str]:
    response = client.get(f"{path}?{query}&take=250" if query else f"{path}?take=250", headers=auth(key))
    assert response.status_code == 200, response.text
    return {booking["uid"] for booking in response.json()["data"]}


# (list, key, parameter, values): two values that each select something and together select more.
FILTERS = [
    (USER_LIST, OWNER, "status", ["cancelled", "past"]),
    (USER_LIST, OWNER, "status", ["past", "unconfirmed", "cancelled"]),
    (USER_LIST, OWNER, "eventTypeIds", ["1001", "1005"]),
    (USER_LIST, TEAM_ADMIN, "teamsIds", ["11", "12"]),
    (ORG_LIST, OWNER, "status", ["cancelled", "past"]),
    (ORG_LIST, OWNER, "eventTypeIds", ["1001", "1003"]),
    (ORG_LIST, OWNER, "teamsIds", ["11", "12"]),
    (ORG_LIST, OWNER, "userIds", ["101", "104"]),
    (TEAM_LIST, OWNER, "status", ["past", "unconfirmed"]),
    (TEAM_LIST, OWNER, "eventTypeIds", ["1102", "1101"]),  # 1101 is team 11's: it selects nothing here
]


@pytest.mark.parametrize(("path", "key", "name", "values"), FILTERS, ids=lambda v: str(v))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_selects_the_same_set(
    client: TestClient, path: str, key: str, name: str, values: list[str], form: str
) -> None:
    expected = _uids(client, path, key, _comma(name, values))
    singles = [_uids(client, path, key, urlencode({name: value})) for value in values]
    union = set().union(*singles)
    assert expected == union, "the comma form is the union of the single values"
    assert _uids(client, path, key, FORMS[form](name, values)) == expected


def test_the_filters_are_not_vacuous(client: TestClient) -> None:
    """Each multi-value case above selects a non-empty set to which every value that selects anything alone
    contributes, so a form that dropped the filter or kept one value would be seen."""
    for path, key, name, values in FILTERS:
        selected = _uids(client, path, key, _comma(name, values))
        singles = [_uids(client, path, key, urlencode({name: value})) for value in values]
        assert selected, (path, name, values)
        for value, single in zip(values, singles, strict=True):
            others = set().union(*(s for s in singles if s is not single))
            assert not single or not single <= others, (path, name, value)
        assert sum(1 for single in singles if single) >= (1 if path == TEAM_LIST and name == "eventTypeIds" else 2)


def test_the_issue_requests(client: TestClient) -> None:
    """`status[]=upcoming&status[]=past` (axios) and `status=cancelled&status=past` (repeated) as the issue sent
    them: the union, like the comma form, where the mock answered the unfiltered list and the last value."""
    bracketed = _uids(client, USER_LIST, OWNER, "status%5B%5D=upcoming&status%5B%5D=past")
    assert bracketed == _uids(client, USER_LIST, OWNER, "status=upcoming,past")
    assert bracketed != _uids(client, USER_LIST, OWNER)
    repeated = _uids(client, USER_LIST, OWNER, "status=cancelled&status=past")
    assert repeated == _uids(client, USER_LIST, OWNER, "status=cancelled,past")
    assert repeated != _uids(client, USER_LIST, OWNER, "status=past")


def _refusal(client: TestClient, query: str, path: str = USER_LIST, key: str = OWNER) -> str:
    response = client.get(f"{path}?{query}", headers=auth(key))
    assert response.status_code == 400, response.text
    message: str = response.json()["error"]["message"]
    return message


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("attendeeEmail=a%40x.com&attendeeEmail=b%40y.com", "attendeeEmail must be a string"),
        ("attendeeName%5B%5D=Ann", "attendeeName must be a string"),
        ("bookingUid=a&bookingUid=b", "bookingUid must be a string"),
        ("eventTypeId=1001&eventTypeId=1005", "eventTypeId must be an integer number"),
        ("teamId%5B0%5D=11", "teamId must be an integer number"),
        ("afterStart=2025-01-01T00:00:00Z&afterStart=2025-02-01T00:00:00Z", "fromDate must be a valid ISO 8601 date."),
        ("beforeEnd%5B%5D=2025-01-01T00:00:00Z", "toDate must be a valid ISO 8601 date."),
        ("sortStart=asc&sortStart=desc", 'SortStart must be either "asc" or "desc".'),
        ("sortUpdatedAt=asc&sortUpdatedAt=asc", 'SortCreated must be either "asc" or "desc".'),
        # Array elements are not split: a comma list inside an array is one invalid value.
        ("eventTypeIds=1001,1005&eventTypeIds=1003", "each value in eventTypeIds must be a number conforming"),
    ],
)
def test_an_array_where_one_value_is_wanted_is_refused(client: TestClient, query: str, message: str) -> None:
    assert _refusal(client, query).startswith(message)


def test_a_comma_list_inside_a_status_array_is_an_invalid_status(client: TestClient) -> None:
    assert "upcoming,past" in _refusal(client, "status=upcoming,past&status=cancelled")


def test_take_and_skip_read_the_first_value(client: TestClient) -> None:
    """`parseInt(["2", "5"])` is 2: the DTO's transform reads an array as its first number."""
    first = client.get(f"{USER_LIST}?take=2&take=5", headers=auth(OWNER)).json()["data"]
    assert len(first) == 2
    skipped = client.get(f"{USER_LIST}?take=1&skip%5B%5D=1&skip%5B%5D=3", headers=auth(OWNER)).json()["data"]
    assert skipped == client.get(f"{USER_LIST}?take=1&skip=1", headers=auth(OWNER)).json()["data"]


def test_a_single_bracketed_value_is_an_array_of_one(client: TestClient) -> None:
    assert _uids(client, USER_LIST, OWNER, "status%5B%5D=cancelled") == _uids(
        client, USER_LIST, OWNER, "status=cancelled"
    )


V1 = "/v1/bookings?apiKey=cal_test_acme_owner_key"


def _v1_ids(client: TestClient, query: str) -> set[int]:
    response = client.get(f"{V1}&{query}")
    assert response.status_code == 200, response.text
    return {booking["id"] for booking in response.json()["bookings"]}


def test_v1_repeated_attendee_emails_select_the_union(client: TestClient) -> None:
    first, second = "peter@initech.com", "milton@initech.com"
    one, two = (
        _v1_ids(client, urlencode({"attendeeEmail": first})),
        _v1_ids(client, urlencode({"attendeeEmail": second})),
    )
    assert one and two and one != two
    assert _v1_ids(client, _repeated("attendeeEmail", [first, second])) == one | two


def test_v1_refuses_a_comma_list_of_emails(client: TestClient) -> None:
    """zod's `emailSchema` gets the one string `a,b`, which is not an email."""
    response = client.get(f"{V1}&attendeeEmail=peter%40initech.com,milton%40initech.com")
    assert response.status_code == 400


def test_v1_refuses_a_repeated_single_value(client: TestClient) -> None:
    response = client.get(f"{V1}&dateFrom=2025-01-01T00:00:00Z&dateFrom=2025-02-01T00:00:00Z")
    assert response.status_code == 400
    assert response.json()["message"] == "dateFrom: Expected string, received array"
