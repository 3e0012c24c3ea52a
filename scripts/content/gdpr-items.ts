// What a privacy notice must tell people: UK GDPR Articles 13 and 14 (the ICO's checklist).
export const gdprItems = [
  { id: 'controller', article: 'Art 13(1)(a)', text: 'the identity and contact details of the controller' },
  { id: 'dpo', article: 'Art 13(1)(b)', text: 'the contact details of the data protection officer' },
  { id: 'purposes', article: 'Art 13(1)(c)', text: 'the purposes of the processing' },
  { id: 'lawful-basis', article: 'Art 13(1)(c)', text: 'the lawful basis for the processing (Article 6, and Article 9 for health data)' },
  { id: 'legitimate-interests', article: 'Art 13(1)(d)', text: 'the legitimate interests pursued, where they are relied on' },
  { id: 'recipients', article: 'Art 13(1)(e)', text: 'the recipients or categories of recipients' },
  { id: 'transfers', article: 'Art 13(1)(f)', text: 'transfers to a third country and their safeguards' },
  { id: 'retention', article: 'Art 13(2)(a)', text: 'how long the data will be kept, or the criteria for it' },
  { id: 'rights', article: 'Art 13(2)(b)', text: 'the rights of access, rectification, erasure, restriction, objection and portability' },
  { id: 'withdraw-consent', article: 'Art 13(2)(c)', text: 'the right to withdraw consent at any time' },
  { id: 'complain', article: 'Art 13(2)(d)', text: 'the right to complain to the Information Commissioner\u2019s Office' },
  { id: 'requirement', article: 'Art 13(2)(e)', text: 'whether providing the data is a statutory or contractual requirement, and what follows if not' },
  { id: 'automated-decisions', article: 'Art 13(2)(f)', text: 'automated decision-making, including profiling' },
  { id: 'source', article: 'Art 14(2)(f)', text: 'the source of the data, where it was not obtained from the patient' },
] as const;
