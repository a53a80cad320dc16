import type { Status } from '../../api/types.ts';

/** GET /api/public/units/{code} */
export interface PublicUnit {
  unit: {
    code: string;
    name: string;
    kind: string;
    path: Array<{ code: string; name: string; kind: string }>;
  };
  frameworks: PublicFrameworkResult[];
}

export interface PublicFrameworkResult {
  framework: { id: string; name: string };
  period: string | null;
  status: Status | null;
  met_criteria: number | null;
  total_criteria: number | null;
  demo_figures: boolean;
  criteria: Array<{
    no: string;
    name: string;
    status: Status;
    indicators: Array<{
      code: string;
      name: string;
      status: Status;
      threshold: string;
      value: number | boolean | string | null;
      unit: string | null;
      figure_published: boolean;
    }>;
  }>;
}

export interface PublicNeighbours {
  framework: { id: string; name: string };
  period: string | null;
  parent: { code: string; name: string } | null;
  units: Array<{
    code: string;
    name: string;
    kind: string;
    self: boolean;
    status: Status | null;
    met_criteria: number | null;
    total_criteria: number | null;
  }>;
}

export interface PublicRecognition {
  framework: { id: string; name: string | null };
  round: string;
  state: 'recognised' | 'revoked';
  decision_no: string;
  decision_date: string | null;
  signer: string | null;
  revocation_no: string | null;
  revocation_date: string | null;
}

export interface PublicFeedback {
  id: number;
  framework_id: string;
  criterion_no: string;
  criterion_name: string | null;
  author_name: string;
  content: string;
  created_at: string;
  answer: string | null;
  answered_at: string | null;
}

export interface Captcha {
  id: string;
  svg: string;
  question: string;
  expires_at: string;
}
