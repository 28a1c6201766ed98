import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_reception_finds_a_client_registers_a_new_one_and_records_a_weight(page, demo_clinic):
    log_in(page, "reception@example.com")
    page.get_by_role("link", name="Patients").click()

    # Search answers as you type, by a partial phone number typed with spaces.
    page.get_by_role("searchbox", name="Search").fill("020 7946 0101")
    results = page.locator("#patient-results")
    expect(results).to_contain_text("Helen Carter")
    expect(results).to_contain_text("Bramble")
    expect(results).not_to_contain_text("James Whitfield")
    page.get_by_role("searchbox", name="Search").fill("Rufus")
    expect(results).to_contain_text("James Whitfield")
    expect(results).not_to_contain_text("Helen Carter")

    page.get_by_role("link", name="Register an owner and dog").click()
    owner = page.locator("fieldset", has_text="Owner")
    owner.get_by_label("First name").fill("Nadia")
    owner.get_by_label("Last name").fill("Rahman")
    owner.get_by_label("Phone").fill("020 7946 0321")
    owner.get_by_label("E-mail").fill("nadia@example.org")
    dog = page.locator("fieldset", has_text="Dog")
    dog.get_by_label("Name").fill("Mabel")
    dog.get_by_label("Breed", exact=True).select_option(label="Whippet")
    dog.get_by_label("Sex").select_option("female")
    dog.get_by_label("or approximate age: years").fill("6")
    dog.get_by_label("Alerts").fill("nervous")
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url(re.compile(r"/patients/dogs/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mabel")
    expect(page.locator(".dog-alerts")).to_contain_text("nervous")
    expect(page.locator(".signalment")).to_contain_text("about 6 y")

    # A bad weight is refused next to the field; a good one appears on the page.
    page.get_by_label("Weight (kg)").fill("130")
    page.get_by_role("button", name="Save weight").click()
    expect(page.locator("#weights")).to_contain_text("not plausible")
    page.get_by_label("Weight (kg)").fill("14.2")
    page.get_by_role("button", name="Save weight").click()
    expect(page.locator("#latest-weight")).to_have_text("14.2 kg")
    page.reload()
    expect(page.locator("#latest-weight")).to_have_text("14.2 kg")
