/**
 * Issuing certificates once results are public: essay contests after `essay_settings.results_published_at`, quiz
 * rounds once `rounds.results_state = 'published'` (ranks are then stored in round_results). Nothing is issued
 * before publication. Issuing is idempotent: a certificate's subject (kind, contest, round, entry, person) is unique,
 * so there is one row, hence at most one valid certificate, per subject. Essay results are final once published
 * (essays/publication.ts): issuing again only adds missing subjects and never changes a code; only a correction
 * (`correction: true`, inside correctResults) brings rows to the corrected results, with a NEW code where the printed
 * text changed (the old code is kept in replaced_certificate_codes and verifies as "replaced by …") and revoking the
 * certificates of awards taken away. Quiz rounds keep the refreshing behaviour: changed text gets a new code, a
 * revoked row of a due subject is made valid again (docs/CERTIFICATES.md).
 * Certificates always speak Vietnamese, whatever the organizer's interface language.
 */
export { issuerOf, type IssueSummary, type Outcome } from './issuing';
export { issueEssayCertificates, type EssayIssueError } from './issue-essay';
export { issueQuizRoundCertificates, MAX_QUIZ_AWARDS, type QuizIssueError } from './issue-quiz';
export { setCertificateRevoked } from './revoke';
