use super::*;
use crate::testing::evaluate;

fn books_quiz() -> Quiz {
    // apple*apple_num*tax: #4 the output, #3 tax, #2 apple*apple_num, #1 apple_num, #0 apple.
    Quiz::new(evaluate("apple = 100; apple_num = 2; tax = 1.1; apple*apple_num*tax"), Look::default())
}

#[test]
fn asks_in_backward_order_and_scores_right_answers() {
    let mut quiz = books_quiz();
    assert_eq!(quiz.current(), Some(3));
    assert_eq!(quiz.answer("200"), Verdict::Right { first_try: true });
    assert_eq!(quiz.current(), Some(2));
    assert_eq!(quiz.answer("1.1"), Verdict::Right { first_try: true });
    assert_eq!(quiz.answer("110"), Verdict::Right { first_try: true });
    // An expression is read by the language itself.
    assert_eq!(quiz.answer("1.1*2"), Verdict::Right { first_try: true });
    assert_eq!(quiz.current(), None);
    assert_eq!(quiz.answer("1"), Verdict::Over);
    assert_eq!(quiz.score(), Score { first_try: 4, after_hint: 0, asked: 4 });
}

#[test]
fn a_wrong_answer_gets_the_rule_with_numbers_then_a_second_try() {
    let mut quiz = books_quiz();
    quiz.answer("200");
    let Verdict::Hint(hint) = quiz.answer("1") else { panic!("a hint") };
    assert_eq!(hint, "#4 mul passes back dout × tax = 1 × 1.1");
    assert_eq!(quiz.current(), Some(2), "the same question again");
    assert_eq!(quiz.answer("1.1"), Verdict::Right { first_try: false });
    quiz.answer("3");
    let Verdict::Shown { gradient } = quiz.answer("4") else { panic!("the gradient shown") };
    assert_eq!(gradient, 110.00000000000001);
    assert_eq!(quiz.current(), Some(0));
    assert_eq!(quiz.answer(""), Verdict::Shown { gradient: 2.2 });
    assert_eq!(quiz.score(), Score { first_try: 1, after_hint: 1, asked: 4 });
}

#[test]
fn unreadable_answers_do_not_count() {
    let mut quiz = books_quiz();
    assert!(matches!(quiz.answer("two hundred"), Verdict::Unreadable(_)));
    assert!(matches!(quiz.answer("x = 2"), Verdict::Unreadable(_)));
    assert!(matches!(quiz.answer("1; 2"), Verdict::Unreadable(_)));
    assert_eq!(quiz.current(), Some(3));
    assert_eq!(quiz.answer("2e2"), Verdict::Right { first_try: true });
}

#[test]
fn answers_within_the_tolerance_count() {
    // sigmoid'(1) = 0.19661193...
    let mut quiz = Quiz::new(evaluate("x = 1; sigmoid(x)"), Look::default());
    assert_eq!(quiz.answer("0.1966"), Verdict::Right { first_try: true });
    let mut quiz = Quiz::new(evaluate("x = 1; sigmoid(x)"), Look::default());
    assert!(matches!(quiz.answer("0.19"), Verdict::Hint(_)));
}

#[test]
fn a_node_used_twice_is_hinted_with_the_sum() {
    let mut quiz = Quiz::new(evaluate("x = 3; x*x"), Look::default());
    let Verdict::Hint(hint) = quiz.answer("3") else { panic!("a hint") };
    assert_eq!(
        hint,
        "add up what each use passes back: #1 mul passes back dout × x = 1 × 3; #1 mul passes back dout × x = 1 × 3"
    );
}

#[test]
fn the_conversation_reads_well() {
    let mut quiz = books_quiz();
    let mut out = Vec::new();
    quiz.write_intro(&mut out).unwrap();
    while quiz.write_question(&mut out).unwrap() {
        quiz.respond("110", &mut out).unwrap();
    }
    quiz.write_score(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("#3 input tax (value 1.1): d(out)/d(tax) = ?\nnot quite. Hint: #4 mul passes back dout × #2 = 1 × 200\n"), "{text}");
    assert!(text.contains("#1 input apple_num (value 2): d(out)/d(apple_num) = ?\nright\n"), "{text}");
    assert!(text.ends_with("Score: 1 of 4 at the first try, 0 more after a hint.\n"), "{text}");
}

#[test]
fn a_literal_exponent_is_no_question_and_its_hint_has_the_number() {
    // x^2 at x = 3: one input and the pow, so one question, d/dx = 2x = 6.
    let mut quiz = Quiz::new(evaluate("x = 3; x^2"), Look::default());
    assert_eq!(quiz.current(), Some(0));
    let Verdict::Hint(hint) = quiz.answer("9") else { panic!("a hint") };
    assert_eq!(hint, "#1 pow passes back dout × 2 × x^1 = 1 × 2 × 3^1");
    assert_eq!(quiz.answer("6"), Verdict::Right { first_try: false });
    assert_eq!(quiz.current(), None);
}

/// On matrices only the 1×1 nodes are asked, and the intro says how many
/// are not: in sum(A * k), k's gradient is sum(A) = 1 + 2 + 3 + 4 = 10.
#[test]
fn matrices_are_skipped_and_said_so() {
    let mut quiz = Quiz::new(evaluate("A = [1, 2; 3, 4]; k = 2; sum(A * k)"), Look::default());
    let mut intro = Vec::new();
    quiz.write_intro(&mut intro).unwrap();
    let intro = String::from_utf8(intro).unwrap();
    assert!(intro.contains("2 nodes are matrices and are not asked about"), "{intro}");
    assert_eq!(quiz.current(), Some(1));
    let Verdict::Hint(hint) = quiz.answer("4") else { panic!("a hint") };
    assert_eq!(
        hint,
        "#2 mul passes back dout[2×2] × A[2×2] = [1, 1; 1, 1] × [1, 2; 3, 4], summed over every element, to 1×1"
    );
    assert_eq!(quiz.answer("10"), Verdict::Right { first_try: false });
    assert_eq!(quiz.current(), None);
}

/// A matrix output seeds backward with ones, and the intro says so.
#[test]
fn a_matrix_output_is_a_seed_of_ones() {
    let quiz = Quiz::new(evaluate("A = [1, 2; 3, 4]; k = 2; A * k"), Look::default());
    let mut intro = Vec::new();
    quiz.write_intro(&mut intro).unwrap();
    let intro = String::from_utf8(intro).unwrap();
    assert!(intro.contains("The seed at #2 is a matrix of ones"), "{intro}");
    assert_eq!(quiz.current(), Some(1));
}
