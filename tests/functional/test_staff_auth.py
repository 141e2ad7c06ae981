"""Staff sign-in, second factor, sign-out, password reset and sessions."""

from tests.conftest import STAFF_PASSWORD, check_page, csrf_token, make_staff


def sign_in(client, email, password=STAFF_PASSWORD):
    page = client.get("/staff/sign-in")
    return client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": email, "password": password},
    )


def test_sign_in_and_dashboard(client, ctx):
    user = make_staff(ctx)
    ctx.commit()
    check_page(client.get("/staff/sign-in").get_data(as_text=True))
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    page = client.get("/staff/")
    assert page.status_code == 200
    check_page(page.get_data(as_text=True))
