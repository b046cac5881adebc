import { expect, test, uniqueName } from "./fixtures";

test.describe("the create-experiment form shows the API's field errors", () => {
  test("a blank name is reported under the name", async ({ page }) => {
    await page.goto("/experiments/new");
    await page.getByLabel("Prompt template").fill("Hello {{name}}");
    await page.getByRole("button", { name: "Create experiment" }).click();

    await expect(page.getByRole("alert")).toContainText("The experiment could not be created");
    await expect(page.getByTestId("experiment-name-error")).toContainText("at least 1 character");
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/experiments\/new$/);
  });

  test("a dataset row without a prompt variable is reported under the dataset", async ({ page }) => {
    await page.goto("/experiments/new");
    await page.getByLabel("Name").fill(uniqueName("Missing variable"));
    await page.getByLabel("Prompt template").fill("Hello {{name}}, welcome to {{city}}");
    await page.getByLabel("Dataset").fill('[{"variables": {"name": "Ada", "city": "London"}}, {"variables": {"name": "Alan"}}]');
    await page.getByRole("button", { name: "Create experiment" }).click();

    const errors = page.getByTestId("experiment-dataset-error");
    await expect(errors).toContainText("Row 2 › variables");
    await expect(errors).toContainText("city");
    await expect(page.getByTestId("experiment-name-error")).toHaveCount(0);
  });

  test("an out-of-range temperature is reported under the temperature", async ({ page }) => {
    await page.goto("/experiments/new");
    await page.getByLabel("Name").fill(uniqueName("Hot"));
    await page.getByLabel("Prompt template").fill("Hello");
    await page.getByLabel("Temperature").fill("9");
    await page.getByRole("button", { name: "Create experiment" }).click();
    await expect(page.getByTestId("experiment-temperature-error")).toContainText("less than or equal to 2");
  });

  test("an assertion the API rejects is reported next to its row", async ({ page }) => {
    await page.goto("/experiments/new");
    await page.getByLabel("Name").fill(uniqueName("Bad pattern"));
    await page.getByLabel("Prompt template").fill("Hello");
    await page.getByRole("button", { name: "+ Add assertion" }).click();
    await page.getByLabel("Assertion 1 value").fill("Hello");
    await page.getByRole("button", { name: "+ Add assertion" }).click();
    await page.getByLabel("Assertion 2: the output").selectOption("REGEX");
    await page.getByLabel("Assertion 2 value").fill("(unclosed");
    await page.getByRole("button", { name: "Create experiment" }).click();

    await expect(page.getByTestId("experiment-assertion-1-error")).toContainText("invalid regular expression");
    await expect(page.getByLabel("Assertion 2 value")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("experiment-assertion-0-error")).toHaveCount(0);
    await expect(page.getByRole("alert")).toContainText("Assertion 2");
    await expect(page).toHaveURL(/\/experiments\/new$/);
  });
});

test("the executor dropdown shows the whole label of each choice", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/experiments/new");
  const executor = page.getByLabel("Executor");
  await expect(executor).toHaveValue("SIMULATED");

  // Each option's text, in the select's font, against the room inside its padding and arrow.
  const { text, room } = await executor.evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const widest = Math.max(...[...select.options].map((option) => context.measureText(option.textContent ?? "").width));
    const arrow = 24;
    const inner = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
    return { text: widest, room: inner };
  });
  expect(text).toBeLessThanOrEqual(room);
});
