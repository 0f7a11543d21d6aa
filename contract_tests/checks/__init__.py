"""What one answer or one scenario must show: response checks, business-rule checks and the failures they raise."""
